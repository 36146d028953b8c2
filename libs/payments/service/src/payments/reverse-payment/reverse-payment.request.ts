import { z } from 'zod';
import type { IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import type { ReversalKind } from '@collections/payments-domain';
import { knownPaymentId } from '../../shared/ids';
import { parsePaidOn } from '../record-payment/record-payment.request';

export const reversePaymentBody = z
  .object({
    kind: z.enum(['reversal', 'chargeback']),
    reason: z.string().trim().min(1).max(500),
    /** The day the money went back (default today): the debts owe again from then. */
    reversedOn: z.string().max(10).optional(),
  })
  .strict();

export interface ReversePaymentRequest {
  readonly paymentId: string;
  readonly kind: ReversalKind;
  readonly reason: string;
  readonly reversedOn: IsoDate;
}

export function parseReversePaymentRequest(paymentId: string, input: unknown, today: IsoDate): ReversePaymentRequest {
  const id = knownPaymentId(paymentId);
  const body = parseInput(reversePaymentBody, input);
  return { paymentId: id, kind: body.kind, reason: body.reason, reversedOn: body.reversedOn === undefined ? today : parsePaidOn(body.reversedOn, today, 'reversedOn') };
}
