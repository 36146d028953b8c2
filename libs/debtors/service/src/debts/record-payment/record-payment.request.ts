import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';
import { moneySchema } from '../../shared/money.schema';

export const recordPaymentBody = z.object({ paymentId: z.string(), amount: moneySchema, paidOn: z.string() });

/** A payment on a debt (idempotent by paymentId in the decider, too). */
export type RecordPaymentRequest = z.output<typeof recordPaymentBody> & { readonly debtId: DebtId };

export function parseRecordPaymentRequest(debtId: string, input: unknown): RecordPaymentRequest {
  const id = knownDebtId(debtId);
  return { ...parseInput(recordPaymentBody, input), debtId: id };
}
