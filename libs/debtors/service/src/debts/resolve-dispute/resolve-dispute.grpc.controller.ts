import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { ResolveDisputeHandler } from './resolve-dispute.handler';
import { parseResolveDisputeRequest } from './resolve-dispute.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class ResolveDisputeGrpcController {
  constructor(@Inject(ResolveDisputeHandler) private readonly handler: ResolveDisputeHandler) {}

  @GrpcMethod('DebtorsService', 'ResolveDispute')
  @Roles('supervisor', 'admin')
  async resolveDispute(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return debtOut(valueOrProblem(await this.handler.execute(ctx, parseResolveDisputeRequest(id(message['debtId']), defined({ outcome: message['outcome'] })))));
  }
}
