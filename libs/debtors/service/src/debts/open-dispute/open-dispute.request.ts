import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const openDisputeBody = z.object({ reason: z.string() });

/** The debtor disputes the debt: collection pauses until it is resolved. */
export type OpenDisputeRequest = z.output<typeof openDisputeBody> & { readonly debtId: DebtId };

export function parseOpenDisputeRequest(debtId: string, input: unknown): OpenDisputeRequest {
  const id = knownDebtId(debtId);
  return { ...parseInput(openDisputeBody, input), debtId: id };
}
