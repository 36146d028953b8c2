import { z } from 'zod';
import { parseReference, validateAll } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { contactPointIdFrom, knownDebtorId, type DebtorId } from '../../shared/ids';
import { parseFreeText } from '../contact-point.schema';

export const recordOptOutBody = z.object({ reason: z.string().describe('the debtor’s words, kept verbatim (encrypted: personal data)') });

/** The debtor asked not to be contacted on this channel again; never undone by a later sync. */
export interface RecordOptOutRequest {
  readonly debtorId: DebtorId;
  readonly contactPointId: string;
  /** The debtor's words, verbatim: not blank, at most 2000 characters. */
  readonly reason: string;
}

export function parseRecordOptOutRequest(debtorId: string, contactPointId: string, input: unknown): RecordOptOutRequest {
  const id = knownDebtorId(debtorId);
  const body = parseInput(recordOptOutBody, input);
  const { reason, contactPointId: pointId } = validateAll({
    contactPointId: () => parseReference(contactPointIdFrom(contactPointId), 'contactPointId'),
    reason: () => parseFreeText(body.reason, 'reason'),
  });
  // the keys in the order the idempotency hash of earlier requests saw them
  return { reason, debtorId: id, contactPointId: pointId };
}
