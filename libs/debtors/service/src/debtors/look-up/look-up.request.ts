import { z } from 'zod';
import { isUuid } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import type { DebtId, DebtorId } from '../../shared/ids';

/** The most ids of each kind one look-up may ask for (a scheduler's batch). */
export const MAX_LOOK_UP_IDS = 500;

const ids = (what: string) =>
  z
    .array(z.string().max(64).refine(isUuid, { message: `not a ${what} id` }))
    .max(MAX_LOOK_UP_IDS, { message: `at most ${MAX_LOOK_UP_IDS} ${what} ids per look-up` })
    .default([]);

export const lookUpBody = z
  .object({
    debtorIds: ids('debtor').describe('debtors to answer as GET /debtors/{id} would'),
    debtIds: ids('debt').describe('debts to answer as GET /debts/{id} would (balance as of today)'),
  })
  .strict();

/** Many debtors and debts at once, e.g. for a contacts scheduler's batch. */
export interface LookUpRequest {
  readonly debtorIds: readonly DebtorId[];
  readonly debtIds: readonly DebtId[];
}

export function parseLookUpRequest(input: unknown): LookUpRequest {
  const body = parseInput(lookUpBody, input);
  // an upper-case spelling is the same id, as on the single routes
  return { debtorIds: [...new Set(body.debtorIds.map((id) => id.toLowerCase() as DebtorId))], debtIds: [...new Set(body.debtIds.map((id) => id.toLowerCase() as DebtId))] };
}
