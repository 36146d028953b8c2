import { z } from 'zod';
import { parseText } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, type DebtId } from '../../shared/ids';

export const handOffLawsuitBody = z.object({ lawFirm: z.string() }).strict();

export interface HandOffLawsuitRequest {
  readonly debtId: DebtId;
  /** Trimmed, 1-200 characters. */
  readonly lawFirm: string;
}

export function parseHandOffLawsuitRequest(debtId: string, input: unknown): HandOffLawsuitRequest {
  const id = knownDebtId(debtId);
  const body = parseInput(handOffLawsuitBody, input);
  return { debtId: id, lawFirm: parseText(body.lawFirm, 'lawFirm', { max: 200 }) };
}
