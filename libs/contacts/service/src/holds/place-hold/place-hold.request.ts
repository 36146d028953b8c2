import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

/** Holds placed by people; dispute and agreement holds come from the debtors context's events. */
export const placeHoldBody = z
  .object({
    kind: z.enum(['deceased', 'bankruptcy', 'manual']),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

export type PlaceHoldRequest = z.output<typeof placeHoldBody> & { readonly debtId: DebtId };

export function parsePlaceHoldRequest(debtId: string, input: unknown): PlaceHoldRequest {
  const id = knownDebtId(debtId);
  return { ...parseInput(placeHoldBody, input), debtId: id };
}
