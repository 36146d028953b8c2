import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../shared/grpc-message';
import { ListRemovalsHandler } from './list-removals/list-removals.handler';
import { parseListRemovalsRequest } from './list-removals/list-removals.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RemovalsGrpcController {
  constructor(@Inject(ListRemovalsHandler) private readonly handler: ListRemovalsHandler) {}

  @GrpcMethod('LegalService', 'ListRemovals')
  @Roles('integrator', 'supervisor', 'auditor', 'admin')
  async list(message: GrpcMessage, metadata: Metadata) {
    return valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, parseListRemovalsRequest(str(message['status'])).status));
  }
}
