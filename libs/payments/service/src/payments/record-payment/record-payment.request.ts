import { z } from 'zod';
import { Money, ValidationError, parseIsoDate, validateAll, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { moneySchema } from '../../shared/money.schema';

export const recordPaymentBody = z
  .object({
    method: z.enum(['ted', 'manual']),
    /** The integrator's id of the transfer; with the method it is the payment's id (`ted-<reference>`). */
    reference: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, 'letters, digits and . _ : - (1 to 80)'),
    amount: moneySchema,
    paidOn: z.string().max(10),
    /** The charge it pays; without one the payment is parked for reconciliation. */
    chargeId: z.uuid().optional(),
  })
  .strict();

export interface RecordPaymentRequest {
  readonly paymentId: string;
  readonly method: 'ted' | 'manual';
  readonly reference: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
  readonly chargeId: string | null;
}

/** A payment date is a business date that has happened: not in the future, not before 2000. */
export function parsePaidOn(value: unknown, today: IsoDate, field = 'paidOn'): IsoDate {
  const date = parseIsoDate(value, field);
  if (date > today) throw ValidationError.of(field, `must not be after today (${today})`);
  if (date < '2000-01-01') throw ValidationError.of(field, 'must not be before 2000-01-01');
  return date;
}

export function parseRecordPaymentRequest(input: unknown, today: IsoDate): RecordPaymentRequest {
  const body = parseInput(recordPaymentBody, input);
  const checked = validateAll({
    amount: () => Money.parse(body.amount, 'amount', { allowZero: false }),
    paidOn: () => parsePaidOn(body.paidOn, today),
  });
  return { paymentId: `${body.method}-${body.reference}`, method: body.method, reference: body.reference, ...checked, chargeId: body.chargeId?.toLowerCase() ?? null };
}
