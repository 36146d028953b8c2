import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { contactsOut } from '../contacts.view';
import { GetContactsHandler } from './get-contacts.handler';
import { parseGetContactsRequest } from './get-contacts.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetContactsGrpcController {
  constructor(@Inject(GetContactsHandler) private readonly handler: GetContactsHandler) {}

  @GrpcMethod('ContactsService', 'GetContacts')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(message: GrpcMessage, metadata: Metadata) {
    return contactsOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, parseGetContactsRequest(id(message['contactsId'])))));
  }
}
