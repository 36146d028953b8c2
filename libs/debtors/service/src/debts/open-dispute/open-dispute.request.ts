import { z } from 'zod';
import { parseText } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const openDisputeBody = z.object({ reason: z.string() });

/** The debtor disputes the debt: collection pauses until it is resolved. */
export interface OpenDisputeRequest {
  readonly debtId: DebtId;
  /** Trimmed, 1-2000 characters. */
  readonly reason: string;
}

export function parseOpenDisputeRequest(debtId: string, input: unknown): OpenDisputeRequest {
  const id = knownDebtId(debtId);
  // the keys in the order the idempotency hash of earlier requests saw them
  return { reason: parseText(parseInput(openDisputeBody, input).reason, 'reason', { max: 2000 }), debtId: id };
}
