import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtorOut } from '../debtor.grpc-message';
import { RecordOptOutHandler } from './record-opt-out.handler';
import { parseRecordOptOutRequest } from './record-opt-out.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RecordOptOutGrpcController {
  constructor(@Inject(RecordOptOutHandler) private readonly handler: RecordOptOutHandler) {}

  @GrpcMethod('DebtorsService', 'RecordOptOut')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async recordOptOut(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseRecordOptOutRequest(id(message['debtorId']), id(message['contactPointId']), defined({ reason: str(message['reason']) }));
    return debtorOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
