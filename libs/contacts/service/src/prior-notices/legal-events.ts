import { z } from 'zod';
import { integrationEventContracts } from '@collections/shared-contracts';

/**
 * What the contacts context consumes of the legal context: its request for a prior notice
 * (CDC art. 43 §2) before a listing at the credit bureaus. Defined here, as the legal
 * context publishes it on `collections.legal.events.v1`, until `@collections/legal-contracts`
 * carries it (then this file is replaced by an import of that contract).
 */
export const priorNoticeRequestedV1 = z.object({
  noticeId: z.uuid(),
  debtId: z.uuid(),
  debtorId: z.uuid(),
  amount: z.object({ amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), currency: z.literal('BRL') }),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  listingNotBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  requestedAt: z.iso.datetime(),
});
export type PriorNoticeRequestedV1 = z.output<typeof priorNoticeRequestedV1>;

type LegalSourceEvent = { readonly type: 'PriorNoticeRequested'; readonly data: z.input<typeof priorNoticeRequestedV1> };

export const priorNoticeRequestedContractV1 = integrationEventContracts<LegalSourceEvent>('legal')({
  type: 'PriorNoticeRequested',
  schemaVersion: 1,
  schema: priorNoticeRequestedV1,
  sourceEventType: 'PriorNoticeRequested',
  toPayload: ({ data }) => data,
});
