import { z } from 'zod';
import { parseText } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const writeOffBody = z.object({ reason: z.string() });

/** Write the debt off as a loss (baixa por perda). */
export interface WriteOffRequest {
  readonly debtId: DebtId;
  /** Trimmed, 1-2000 characters. */
  readonly reason: string;
}

export function parseWriteOffRequest(debtId: string, input: unknown): WriteOffRequest {
  const id = knownDebtId(debtId);
  // the keys in the order the idempotency hash of earlier requests saw them
  return { reason: parseText(parseInput(writeOffBody, input).reason, 'reason', { max: 2000 }), debtId: id };
}
