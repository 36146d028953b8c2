import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtorId, type DebtorId } from '../../shared/ids';
import { contactPointsSchema } from '../contact-point.schema';

export const updateContactPointsBody = z.object({ contactPoints: contactPointsSchema });

/** Replace a debtor's contact points (the complete new set). */
export type UpdateContactPointsRequest = z.output<typeof updateContactPointsBody> & { readonly debtorId: DebtorId };

export function parseUpdateContactPointsRequest(debtorId: string, input: unknown): UpdateContactPointsRequest {
  return { ...parseInput(updateContactPointsBody, input), debtorId: knownDebtorId(debtorId) };
}
