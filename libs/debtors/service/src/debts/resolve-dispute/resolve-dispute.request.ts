import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const resolveDisputeBody = z.object({ outcome: z.enum(['upheld', 'rejected']) });

/** Upheld cancels the debt, rejected resumes collection. */
export type ResolveDisputeRequest = z.output<typeof resolveDisputeBody> & { readonly debtId: DebtId };

export function parseResolveDisputeRequest(debtId: string, input: unknown): ResolveDisputeRequest {
  const id = knownDebtId(debtId);
  return { ...parseInput(resolveDisputeBody, input), debtId: id };
}
