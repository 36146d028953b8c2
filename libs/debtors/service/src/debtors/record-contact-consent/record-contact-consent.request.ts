import { z } from 'zod';
import { parseReference } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { CONTACT_CONSENTS } from '@collections/debtors-domain';
import { contactPointIdFrom, knownDebtorId, type DebtorId } from '../../shared/ids';

export const recordConsentBody = z.object({ consent: z.enum(CONTACT_CONSENTS) });

/** Consent for one channel (a contact point), as the debtor gave or withdrew it. */
export type RecordContactConsentRequest = z.output<typeof recordConsentBody> & { readonly debtorId: DebtorId; readonly contactPointId: string };

export function parseRecordContactConsentRequest(debtorId: string, contactPointId: string, input: unknown): RecordContactConsentRequest {
  const id = knownDebtorId(debtorId);
  return { ...parseInput(recordConsentBody, input), debtorId: id, contactPointId: parseReference(contactPointIdFrom(contactPointId), 'contactPointId') };
}
