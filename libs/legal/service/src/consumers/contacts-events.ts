import { z } from 'zod';
import { integrationEventContracts } from '@collections/shared-contracts';

// The two contacts events the legal context consumes, as agreed for issue #16. They are
// defined here until the contacts context publishes them: the lead replaces them by
// `@collections/contacts-contracts` at merge (same types, versions and schemas).

export const priorNoticeSentV1 = z.object({
  noticeId: z.uuid(),
  debtId: z.uuid(),
  sentAt: z.iso.datetime({ offset: true }),
  deliveries: z
    .array(z.object({ channel: z.enum(['letter', 'email']), messageId: z.string(), contactPointId: z.string() }))
    .min(1),
});

export const priorNoticeFailedV1 = z.object({
  noticeId: z.uuid(),
  debtId: z.uuid(),
  reason: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
});

/** The contacts domain events these contracts are published from (type names as contacts records them). */
export type ContactsPriorNoticeEvent =
  | { readonly type: 'PriorNoticeSent'; readonly data: z.output<typeof priorNoticeSentV1> }
  | { readonly type: 'PriorNoticeFailed'; readonly data: z.output<typeof priorNoticeFailedV1> };

const contract = integrationEventContracts<ContactsPriorNoticeEvent>('contacts');

export const priorNoticeSentContractV1 = contract({
  type: 'PriorNoticeSent',
  schemaVersion: 1,
  schema: priorNoticeSentV1,
  sourceEventType: 'PriorNoticeSent',
  toPayload: ({ data }) => data,
});

export const priorNoticeFailedContractV1 = contract({
  type: 'PriorNoticeFailed',
  schemaVersion: 1,
  schema: priorNoticeFailedV1,
  sourceEventType: 'PriorNoticeFailed',
  toPayload: ({ data }) => data,
});
