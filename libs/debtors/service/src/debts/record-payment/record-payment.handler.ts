import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtCommand } from '../debt-command';
import type { DebtView } from '../debt.view';
import type { RecordPaymentRequest } from './record-payment.request';

export class RecordPaymentHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RecordPaymentRequest): Promise<Outcome<DebtView>> {
    const { debtId, paymentId, amount, paidOn } = request;
    return runDebtCommand(this.deps, ctx, debtId, { type: 'RecordPayment', target: debtId, request }, (stamp) => ({ type: 'RecordPayment', debtId, paymentId, amount, paidOn, ...stamp }));
  }
}
