import { z } from 'zod';
import { Money, parseIsoDate, parseReference, validateAll, type IsoDate } from '@collections/shared-kernel';
import { checkPositiveAmount } from '@collections/debtors-domain';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';
import { moneySchema } from '../../shared/money.schema';

export const recordPaymentBody = z.object({ paymentId: z.string(), amount: moneySchema, paidOn: z.string() });

/** A payment on a debt (idempotent by paymentId in the decider, too). */
export interface RecordPaymentRequest {
  readonly debtId: DebtId;
  /** Trimmed, 1-100 characters. */
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
}

/**
 * The format of every field, and the payment's amount being more than nothing (a rule the
 * decider holds too). The currency of the debt and a payment date not in the future are
 * the decider's: they need the debt's state and the command's `now`.
 */
export function parseRecordPaymentRequest(debtId: string, input: unknown): RecordPaymentRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(recordPaymentBody, input);
  const fields = validateAll({
    paymentId: () => parseReference(body.paymentId, 'paymentId'),
    amount: () => checkPositiveAmount(Money.parse(body.amount, 'amount', { allowNegative: true }), 'amount'),
    paidOn: () => parseIsoDate(body.paidOn, 'paidOn'),
  });
  // the keys in the order the idempotency hash of earlier requests saw them
  return { ...fields, debtId: id };
}
