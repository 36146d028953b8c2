import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { parseIsoDate } from '@collections/shared-kernel';
import { knownId } from '../../shared/ids';

export const quoteEarlySettlementBody = z.object({ validUntil: z.string().max(40).optional() }).strict();

export interface QuoteEarlySettlementRequest {
  readonly agreementId: string;
  /** The last day a payment settles at the quoted amount; default today. */
  readonly validUntil?: string;
}

export function parseQuoteEarlySettlementRequest(agreementId: string, input: unknown): QuoteEarlySettlementRequest {
  const id = knownId(agreementId, 'agreementId');
  const body = parseInput(quoteEarlySettlementBody, input ?? {});
  return { agreementId: id, ...(body.validUntil !== undefined ? { validUntil: parseIsoDate(body.validUntil, 'validUntil') } : {}) };
}
