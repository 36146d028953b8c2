import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, moneyIn, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { RecordPaymentHandler } from './record-payment.handler';
import { parseRecordPaymentRequest } from './record-payment.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RecordPaymentGrpcController {
  constructor(@Inject(RecordPaymentHandler) private readonly handler: RecordPaymentHandler) {}

  @GrpcMethod('DebtorsService', 'RecordPayment')
  @Roles('integrator', 'admin')
  async recordPayment(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseRecordPaymentRequest(id(message['debtId']), defined({ paymentId: str(message['paymentId']), amount: moneyIn(message['amount']), paidOn: str(message['paidOn']) }));
    return debtOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
