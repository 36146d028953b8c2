import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { parseText } from '@collections/shared-kernel';
import { knownId } from '../../shared/ids';

export const cancelAgreementBody = z.object({ cancelledBy: z.enum(['debtor', 'creditor']), reason: z.string().max(500) }).strict();

export interface CancelAgreementRequest {
  readonly agreementId: string;
  readonly cancelledBy: 'debtor' | 'creditor';
  readonly reason: string;
}

export function parseCancelAgreementRequest(agreementId: string, input: unknown): CancelAgreementRequest {
  const id = knownId(agreementId, 'agreementId');
  const body = parseInput(cancelAgreementBody, input);
  return { agreementId: id, cancelledBy: body.cancelledBy, reason: parseText(body.reason, 'reason', { max: 500 }) };
}
