import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { contactsOut } from '../contacts.view';
import { OpenContactsHandler } from './open-contacts.handler';
import { parseOpenContactsRequest } from './open-contacts.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class OpenContactsGrpcController {
  constructor(@Inject(OpenContactsHandler) private readonly handler: OpenContactsHandler) {}

  @GrpcMethod('ContactsService', 'OpenContacts')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async open(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return contactsOut(valueOrProblem(await this.handler.execute(ctx, parseOpenContactsRequest({ title: message['title'] }))));
  }
}
