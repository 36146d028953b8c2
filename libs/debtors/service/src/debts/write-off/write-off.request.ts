import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const writeOffBody = z.object({ reason: z.string() });

/** Write the debt off as a loss (baixa por perda). */
export type WriteOffRequest = z.output<typeof writeOffBody> & { readonly debtId: DebtId };

export function parseWriteOffRequest(debtId: string, input: unknown): WriteOffRequest {
  const id = knownDebtId(debtId);
  return { ...parseInput(writeOffBody, input), debtId: id };
}
