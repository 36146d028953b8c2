import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { RequestErasureHandler } from './request-erasure.handler';
import { parseRequestErasureRequest } from './request-erasure.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RequestErasureGrpcController {
  constructor(@Inject(RequestErasureHandler) private readonly handler: RequestErasureHandler) {}

  @GrpcMethod('DebtorsService', 'RequestErasure')
  @Roles('admin')
  async requestErasure(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return valueOrProblem(await this.handler.execute(ctx, parseRequestErasureRequest(id(message['debtorId']))));
  }
}
