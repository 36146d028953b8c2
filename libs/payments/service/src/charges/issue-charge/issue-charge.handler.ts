import { Money } from '@collections/shared-kernel';
import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { refusalOf } from '../../shared/refusals';
import { chargeViewOf, type ChargeView } from '../charge.view';
import { issueChargeNow } from './charge-issuing';
import type { IssueChargeRequest } from './issue-charge.request';

/**
 * A charge for a debt (by default what it owes today) or for an agreement's installment
 * over its debts. Each debt is read from the debtors service now: it must be this
 * tenant's, all of one debtor, and the charge never asks more than they owe together
 * (charging what is not owed refunds double: CDC art. 42, sole paragraph).
 */
export class IssueChargeHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  execute(ctx: RequestContext, request: IssueChargeRequest, today: string): Promise<Outcome<ChargeView>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'IssueCharge', target: '', request }, async (attempt) => {
      try {
        const debts = [];
        for (const debtId of request.debtIds) {
          const debt = await this.deps.ledger.debt(tenantId, debtId, today);
          if (!debt) return notFound(`debt ${debtId} is not known`);
          debts.push(debt);
        }
        const debtorIds = new Set(debts.map((d) => d.debtorId));
        if (debtorIds.size > 1) return refused('DEBTS_OF_SEVERAL_DEBTORS', 'a charge covers the debts of one debtor');
        const currency = request.amount?.currency ?? debts[0]!.owed.currency;
        if (debts.some((d) => d.owed.currency !== currency)) return refused('CURRENCY_MISMATCH', `the debts are not all in ${currency}`);
        const owed = debts.reduce((total, d) => total + d.owed.amount, 0);
        const amount = request.amount ?? Money.of(owed, currency);
        if (amount.amount <= 0) return refused('AMOUNT_ABOVE_BALANCE', 'nothing is owed on this debt today');
        if (amount.amount > owed) return refused('AMOUNT_ABOVE_BALANCE', `the charge (${amount.amount}) is above what the debts owe today (${owed})`);
        const chargeId = attempt.ids.next();
        const { state, version } = await issueChargeNow(
          this.deps,
          tenantId,
          { chargeId, debtorId: debts[0]!.debtorId, debtIds: request.debtIds, agreementId: request.agreementId, installment: request.installment, amount, dueDate: request.dueDate },
          {
            actor: ctx.principal.subject,
            metadata: { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}), ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) },
            nextEventId: () => attempt.ids.next(),
          },
        );
        return done(chargeViewOf(state, version)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
