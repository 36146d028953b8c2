import { z } from 'zod';
import { ValidationError, parseIsoDate, parseReference, validateAll, type IsoDate } from '@collections/shared-kernel';
import type { PaymentReversalReason } from '@collections/debtors-domain';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const PAYMENT_REVERSAL_REASONS = ['reversal', 'chargeback'] as const satisfies readonly PaymentReversalReason[];

export const reversePaymentBody = z.object({ reversedOn: z.string(), reason: z.string() });

/** A payment recorded on the debt, taken back (idempotent by paymentId in the decider). */
export interface ReversePaymentRequest {
  readonly debtId: DebtId;
  readonly paymentId: string;
  readonly reversedOn: IsoDate;
  readonly reason: PaymentReversalReason;
}

function parseReason(value: string): PaymentReversalReason {
  const reason = PAYMENT_REVERSAL_REASONS.find((known) => known === value);
  if (!reason) throw ValidationError.of('reason', `must be one of ${PAYMENT_REVERSAL_REASONS.join(', ')}`);
  return reason;
}

/**
 * The format of every field. That the payment is recorded on the debt, and a reversal not
 * before its payment nor in the future, are the decider's: they need the debt's state.
 */
export function parseReversePaymentRequest(debtId: string, paymentId: string, input: unknown): ReversePaymentRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(reversePaymentBody, input);
  return {
    debtId: id,
    ...validateAll({
      paymentId: () => parseReference(paymentId, 'paymentId'),
      reversedOn: () => parseIsoDate(body.reversedOn, 'reversedOn'),
      reason: () => parseReason(body.reason),
    }),
  };
}
