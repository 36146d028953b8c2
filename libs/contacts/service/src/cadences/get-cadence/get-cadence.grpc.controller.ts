import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { knownCadenceId } from '../../shared/ids';
import { cadenceOut } from '../cadence.grpc-message';
import { GetCadenceHandler } from './get-cadence.handler';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetCadenceGrpcController {
  constructor(@Inject(GetCadenceHandler) private readonly handler: GetCadenceHandler) {}

  @GrpcMethod('ContactsService', 'GetCadence')
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  async get(message: GrpcMessage, metadata: Metadata) {
    return cadenceOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, knownCadenceId(id(message['cadenceId'])))));
  }
}
