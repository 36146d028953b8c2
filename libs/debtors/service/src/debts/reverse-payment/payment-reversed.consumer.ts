import { parseIsoDate, parseIsoInstant, parseReference, validateAll } from '@collections/shared-kernel';
import { payloadOf, type IntegrationEventHandler } from '@collections/shared-messaging';
import { paymentReversedContractV1, type PaymentReversedV1 } from '@collections/payments-contracts';
import type { DebtId, ReversePayment } from '@collections/debtors-domain';
import { applyToDebt, type DebtReactionDeps } from '../debt-reaction';

/** The consumer's input edge: the contract's fields as the command's (the instant in UTC). */
export function reversePaymentCommand(reversed: PaymentReversedV1, debtId: DebtId): ReversePayment {
  return {
    type: 'ReversePayment',
    debtId,
    ...validateAll({
      paymentId: () => parseReference(reversed.paymentId, 'paymentId'),
      reversedOn: () => parseIsoDate(reversed.reversedOn, 'reversedOn'),
      now: () => parseIsoInstant(reversed.reversedAt, 'now'),
    }),
    reason: reversed.kind,
    actor: 'system:payments',
  };
}

/**
 * The payments context took a payment back (a PIX devolução, a card chargeback): each debt
 * it had been allocated to reverses it (the payment id is the same one the debt recorded),
 * so the debt owes again from the reversal's date, and reopens if that payment settled it.
 */
export function paymentReversedConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const reversed = payloadOf(paymentReversedContractV1, event);
    for (const debtId of new Set(reversed.allocations.map((a) => a.debtId))) {
      await applyToDebt(deps, event, transaction, debtId, (id) => reversePaymentCommand(reversed, id));
    }
  };
}
