import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { parseText } from '@collections/shared-kernel';
import { knownId } from '../../shared/ids';

export const approveOfferBody = z.object({}).strict();
export const rejectOfferBody = z.object({ reason: z.string().max(500) }).strict();

export type DecideOfferRequest = { readonly offerId: string } & ({ readonly decision: 'approve' } | { readonly decision: 'reject'; readonly reason: string });

export function parseApproveOfferRequest(offerId: string, input: unknown): DecideOfferRequest {
  const id = knownId(offerId, 'offerId');
  parseInput(approveOfferBody, input ?? {});
  return { offerId: id, decision: 'approve' };
}

export function parseRejectOfferRequest(offerId: string, input: unknown): DecideOfferRequest {
  const id = knownId(offerId, 'offerId');
  const body = parseInput(rejectOfferBody, input);
  return { offerId: id, decision: 'reject', reason: parseText(body.reason, 'reason', { max: 500 }) };
}
