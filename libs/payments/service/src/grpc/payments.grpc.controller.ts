import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import type { Clock } from '@collections/shared-kernel';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { validateBoletoLine } from '../boletos/validate-boleto/validate-boleto.handler';
import { parseValidateBoletoRequest } from '../boletos/validate-boleto/validate-boleto.request';
import { GetChargeHandler } from '../charges/get-charge/get-charge.handler';
import { IssueChargeHandler } from '../charges/issue-charge/issue-charge.handler';
import { parseIssueChargeRequest } from '../charges/issue-charge/issue-charge.request';
import { RecordPaymentHandler } from '../payments/record-payment/record-payment.handler';
import { parseRecordPaymentRequest } from '../payments/record-payment/record-payment.request';
import { grpcPrincipal, id, str, type GrpcMessage } from '../shared/grpc-message';
import { knownUuid } from '../shared/ids';
import { brazilDate } from '../shared/payments-deps';
import { PAYMENTS_CLOCK } from '../shared/tokens';
import { boletoValidationOut, chargeOut, moneyIn, paymentOut } from './payments-grpc-message';

/** The payments gRPC API: proto fields mapped to the same request parsers as REST. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class PaymentsGrpcController {
  constructor(
    @Inject(IssueChargeHandler) private readonly issueCharge: IssueChargeHandler,
    @Inject(GetChargeHandler) private readonly getCharge: GetChargeHandler,
    @Inject(RecordPaymentHandler) private readonly recordPayment: RecordPaymentHandler,
    @Inject(PAYMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  @GrpcMethod('PaymentsService', 'IssueCharge')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async issue(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const today = brazilDate(this.clock.now());
    const request = parseIssueChargeRequest(
      {
        debtIds: message['debtIds'],
        ...(str(message['agreementId']) ? { agreementId: message['agreementId'] } : {}),
        ...(message['installment'] ? { installment: message['installment'] } : {}),
        ...(moneyIn(message['amount']) ? { amount: moneyIn(message['amount']) } : {}),
        dueDate: message['dueDate'],
      },
      today,
    );
    return chargeOut(valueOrProblem(await this.issueCharge.execute(ctx, request, today)));
  }

  @GrpcMethod('PaymentsService', 'GetCharge')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(message: GrpcMessage, metadata: Metadata) {
    return chargeOut(valueOrProblem(await this.getCharge.execute({ principal: grpcPrincipal(metadata) }, knownUuid(id(message['chargeId']), 'charge'))));
  }

  @GrpcMethod('PaymentsService', 'RecordPayment')
  @Roles('integrator', 'admin')
  async record(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseRecordPaymentRequest(
      {
        method: message['method'],
        reference: message['reference'],
        amount: moneyIn(message['amount']),
        paidOn: message['paidOn'],
        ...(str(message['chargeId']) ? { chargeId: message['chargeId'] } : {}),
      },
      brazilDate(this.clock.now()),
    );
    return paymentOut(valueOrProblem(await this.recordPayment.execute(ctx, request)));
  }

  @GrpcMethod('PaymentsService', 'ValidateBoletoLine')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async validate(message: GrpcMessage, metadata: Metadata) {
    grpcPrincipal(metadata);
    return boletoValidationOut(validateBoletoLine(parseValidateBoletoRequest({ line: message['line'] }).line, brazilDate(this.clock.now())));
  }
}
