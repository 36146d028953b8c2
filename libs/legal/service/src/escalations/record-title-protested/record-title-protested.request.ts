import { z } from 'zod';
import { parseReference } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const recordTitleProtestedBody = z.object({ protocol: z.string() }).strict();

export interface RecordTitleProtestedRequest {
  readonly debtId: DebtId;
  /** The notary's protocol of the protest (the instrument drawn). */
  readonly protocol: string;
}

/** The notary's answer that the title was protested (its protocol), after the debtor's 3 business days ran out. */
export function parseRecordTitleProtestedRequest(debtId: string, input: unknown): RecordTitleProtestedRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(recordTitleProtestedBody, input);
  return { debtId: id, protocol: parseReference(body.protocol, 'protocol') };
}
