import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { contactPointIdFrom, knownDebtorId, type DebtorId } from '../../shared/ids';

export const recordOptOutBody = z.object({ reason: z.string().describe('the debtor’s words, kept verbatim (encrypted: personal data)') });

/** The debtor asked not to be contacted on this channel again; never undone by a later sync. */
export type RecordOptOutRequest = z.output<typeof recordOptOutBody> & { readonly debtorId: DebtorId; readonly contactPointId: string };

export function parseRecordOptOutRequest(debtorId: string, contactPointId: string, input: unknown): RecordOptOutRequest {
  return { ...parseInput(recordOptOutBody, input), debtorId: knownDebtorId(debtorId), contactPointId: contactPointIdFrom(contactPointId) };
}
