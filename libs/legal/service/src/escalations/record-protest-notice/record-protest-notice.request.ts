import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const recordProtestNoticeBody = z.object({ notifiedOn: z.string() }).strict();

export interface RecordProtestNoticeRequest {
  readonly debtId: DebtId;
  readonly notifiedOn: IsoDate;
}

/** The notary's notice (intimação) served to the debtor (the handler refuses a day still to come, by the service's clock). */
export function parseRecordProtestNoticeRequest(debtId: string, input: unknown): RecordProtestNoticeRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(recordProtestNoticeBody, input);
  return { debtId: id, notifiedOn: parseIsoDate(body.notifiedOn, 'notifiedOn') };
}
