import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { WriteOffHandler } from './write-off.handler';
import { parseWriteOffRequest } from './write-off.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class WriteOffGrpcController {
  constructor(@Inject(WriteOffHandler) private readonly handler: WriteOffHandler) {}

  @GrpcMethod('DebtorsService', 'WriteOff')
  @Roles('supervisor', 'admin')
  async writeOff(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return debtOut(valueOrProblem(await this.handler.execute(ctx, parseWriteOffRequest(id(message['debtId']), defined({ reason: message['reason'] })))));
  }
}
