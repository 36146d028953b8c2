import type { Money } from '@collections/shared-kernel';
import type { IntegrationEventHandler } from '@collections/shared-messaging';
import { paymentAllocatedContractV1 } from '@collections/payments-contracts';
import { applyToDebt, payloadOf, type DebtReactionDeps } from '../debt-reaction';

/**
 * The payments context applied (part of) a payment to a debt: the debt records it and
 * allocates it by its own rules (interest, late fee, principal; overpayment kept).
 * The payment id is the debt's idempotency key for it.
 */
export function paymentAllocatedConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const allocated = payloadOf(paymentAllocatedContractV1, event);
    await applyToDebt(deps, event, transaction, {
      type: 'RecordPayment',
      debtId: allocated.debtId,
      paymentId: allocated.paymentId,
      // the decider checks the currency against the debt's (Money.parse)
      amount: allocated.amount as Money,
      paidOn: allocated.paidOn,
      now: allocated.allocatedAt,
      actor: 'system:payments',
    });
  };
}
