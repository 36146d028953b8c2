import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtCommand } from '../debt-command';
import type { DebtView } from '../debt.view';
import type { ReversePaymentRequest } from './reverse-payment.request';

export class ReversePaymentHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: ReversePaymentRequest): Promise<Outcome<DebtView>> {
    const { debtId, paymentId, reversedOn, reason } = request;
    return runDebtCommand(this.deps, ctx, debtId, { type: 'ReversePayment', target: debtId, request }, (stamp) => ({ type: 'ReversePayment', debtId, paymentId, reversedOn, reason, ...stamp }));
  }
}
