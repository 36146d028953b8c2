import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { OpenDisputeHandler } from './open-dispute.handler';
import { parseOpenDisputeRequest } from './open-dispute.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class OpenDisputeGrpcController {
  constructor(@Inject(OpenDisputeHandler) private readonly handler: OpenDisputeHandler) {}

  @GrpcMethod('DebtorsService', 'OpenDispute')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async openDispute(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return debtOut(valueOrProblem(await this.handler.execute(ctx, parseOpenDisputeRequest(id(message['debtId']), defined({ reason: message['reason'] })))));
  }
}
