import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownUuid } from '../../shared/ids';

export const cancelChargeBody = z.object({ reason: z.literal('requested').optional() }).strict();

export interface CancelChargeRequest {
  readonly chargeId: string;
}

/** Cancelled by hand ("requested"); the agreement's reasons come from the negotiation context's events. */
export function parseCancelChargeRequest(chargeId: string, input: unknown): CancelChargeRequest {
  const id = knownUuid(chargeId, 'charge');
  parseInput(cancelChargeBody, input ?? {});
  return { chargeId: id };
}
