import { Money, parseIsoDate, parseIsoInstant, parseReference, validateAll } from '@collections/shared-kernel';
import { payloadOf, type IntegrationEventHandler } from '@collections/shared-messaging';
import { paymentAllocatedContractV1, type PaymentAllocatedV1 } from '@collections/payments-contracts';
import type { DebtId, RecordPayment } from '@collections/debtors-domain';
import { applyToDebt, type DebtReactionDeps } from '../debt-reaction';

/**
 * The consumer's input edge: the contract's fields as the command's. The contract takes
 * any ISO 4217 code and any instant with a zone; the command takes a currency the
 * platform handles, a calendar date that exists and an instant in UTC. The debt's own
 * rules (its currency, a date not in the future) are the decider's.
 */
export function recordPaymentCommand(allocated: PaymentAllocatedV1, debtId: DebtId): RecordPayment {
  return {
    type: 'RecordPayment',
    debtId,
    ...validateAll({
      paymentId: () => parseReference(allocated.paymentId, 'paymentId'),
      amount: () => Money.parse(allocated.amount, 'amount', { allowZero: false }),
      paidOn: () => parseIsoDate(allocated.paidOn, 'paidOn'),
      now: () => parseIsoInstant(allocated.allocatedAt, 'now'),
    }),
    actor: 'system:payments',
  };
}

/**
 * The payments context applied (part of) a payment to a debt: the debt records it and
 * allocates it by its own rules (interest, late fee, principal; overpayment kept).
 * The payment id is the debt's idempotency key for it.
 */
export function paymentAllocatedConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const allocated = payloadOf(paymentAllocatedContractV1, event);
    await applyToDebt(deps, event, transaction, allocated.debtId, (debtId) => recordPaymentCommand(allocated, debtId));
  };
}
