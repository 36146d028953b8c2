import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownPaymentId, knownUuid } from '../../shared/ids';

export const matchPaymentBody = z.object({ chargeId: z.string().max(100) }).strict();

export interface MatchPaymentRequest {
  readonly paymentId: string;
  readonly chargeId: string;
}

export function parseMatchPaymentRequest(paymentId: string, input: unknown): MatchPaymentRequest {
  const id = knownPaymentId(paymentId);
  const body = parseInput(matchPaymentBody, input);
  return { paymentId: id, chargeId: knownUuid(body.chargeId, 'chargeId') };
}
