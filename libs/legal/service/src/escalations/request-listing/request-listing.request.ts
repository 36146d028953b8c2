import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const requestListingBody = z.object({ bureaus: z.array(z.enum(['serasa', 'spc', 'boavista'])).min(1).max(3).optional() }).strict();

export interface RequestListingRequest {
  readonly debtId: DebtId;
  readonly bureaus: readonly Bureau[];
}

/** A listing asked by hand: at the bureaus named (each once), or at all three. */
export function parseRequestListingRequest(debtId: string, input: unknown): RequestListingRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(requestListingBody, input ?? {});
  const asked = new Set(body.bureaus ?? BUREAUS);
  return { debtId: id, bureaus: BUREAUS.filter((b) => asked.has(b)) };
}
