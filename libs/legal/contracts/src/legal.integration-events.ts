import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { EscalationEvent } from '@collections/legal-domain';

/**
 * What the legal context publishes on `collections.legal.events.v1`: versioned integration
 * events, separate from its domain events. Ids, amounts, dates and rules only: no name, no
 * CPF, no address (LGPD). A breaking change is a new schemaVersion published beside the old
 * one, never an edit of these.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.iso.datetime({ offset: true });
const bureau = z.enum(['serasa', 'spc', 'boavista']);

/** Asks the contacts context to send the written prior notice (CDC art. 43 §2) by letter and e-mail. */
export const priorNoticeRequestedV1 = z.object({
  noticeId: z.uuid(),
  debtId: z.uuid(),
  debtorId: z.uuid(),
  /** The balance on the day of the request, in centavos. */
  amount: z.object({ amount: z.number().int().positive(), currency: z.literal('BRL') }),
  /** The earliest unpaid due date. */
  dueDate: isoDate,
  listingNotBefore: isoDate,
  requestedAt: instant,
});
export const debtListedAtBureauV1 = z.object({ debtId: z.uuid(), bureau, protocol: z.string().min(1), listedAt: instant });
/** Evidence: a step (notice, listing, protest, lawsuit) did not happen, and the rule that stopped it. */
export const escalationStepRefusedV1 = z.object({
  debtId: z.uuid(),
  step: z.enum(['notice', 'listing', 'protest', 'lawsuit']),
  rule: z.string().min(1),
  article: z.string().min(1),
  byHand: z.boolean(),
  refusedAt: instant,
});
export const listingRemovalRequestedV1 = z.object({
  debtId: z.uuid(),
  bureaus: z.array(bureau).min(1),
  /** expired: added beside settled and agreement (additive): the debt reached 5 years past due. */
  reason: z.enum(['settled', 'agreement', 'expired']),
  since: isoDate,
  slaDueOn: isoDate,
  requestedAt: instant,
});
export const listingRemovalConfirmedV1 = z.object({ debtId: z.uuid(), bureau, protocol: z.string().min(1), confirmedAt: instant });
export const listingRemovalSlaBreachedV1 = z.object({ debtId: z.uuid(), bureausPending: z.array(bureau).min(1), slaDueOn: isoDate, detectedAt: instant });
export const protestRequestedV1 = z.object({ debtId: z.uuid(), protestId: z.uuid(), amount: z.object({ amount: z.number().int().positive(), currency: z.string().length(3) }), dueDate: isoDate, requestedAt: instant });
export const protestCancelledV1 = z.object({ debtId: z.uuid(), protestId: z.uuid(), cancelledAt: instant });
export const lawsuitHandedOffV1 = z.object({ debtId: z.uuid(), lawFirm: z.string().min(1), handedOffAt: instant });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails `tsc` here, not the relay at run time.
const contract = integrationEventContracts<EscalationEvent>('legal');

export const priorNoticeRequestedContractV1 = contract({
  type: 'PriorNoticeRequested',
  schemaVersion: 1,
  schema: priorNoticeRequestedV1,
  sourceEventType: 'EscalationNoticeRequested',
  toPayload: ({ data }) => ({
    noticeId: data.noticeId,
    debtId: data.debtId,
    debtorId: data.debtorId,
    amount: { amount: data.amount.amount, currency: 'BRL' as const },
    dueDate: data.dueDate,
    listingNotBefore: data.listingNotBefore,
    requestedAt: data.requestedAt,
  }),
});

export const debtListedAtBureauContractV1 = contract({
  type: 'DebtListedAtBureau',
  schemaVersion: 1,
  schema: debtListedAtBureauV1,
  sourceEventType: 'EscalationBureauListed',
  toPayload: ({ data }) => ({ debtId: data.debtId, bureau: data.bureau, protocol: data.protocol, listedAt: data.listedAt }),
});

export const escalationStepRefusedContractV1 = contract({
  type: 'EscalationStepRefused',
  schemaVersion: 1,
  schema: escalationStepRefusedV1,
  sourceEventType: 'EscalationStepRefused',
  // the detail may quote dates of the debtor's history: the rule and its article are enough outside
  toPayload: ({ data }) => ({ debtId: data.debtId, step: data.step, rule: data.rule, article: data.article, byHand: data.byHand, refusedAt: data.refusedAt }),
});

export const listingRemovalRequestedContractV1 = contract({
  type: 'ListingRemovalRequested',
  schemaVersion: 1,
  schema: listingRemovalRequestedV1,
  sourceEventType: 'EscalationRemovalRequested',
  toPayload: ({ data }) => ({ debtId: data.debtId, bureaus: [...data.bureaus], reason: data.reason, since: data.since, slaDueOn: data.slaDueOn, requestedAt: data.requestedAt }),
});

export const listingRemovalConfirmedContractV1 = contract({
  type: 'ListingRemovalConfirmed',
  schemaVersion: 1,
  schema: listingRemovalConfirmedV1,
  sourceEventType: 'EscalationBureauRemovalConfirmed',
  toPayload: ({ data }) => ({ debtId: data.debtId, bureau: data.bureau, protocol: data.protocol, confirmedAt: data.confirmedAt }),
});

export const listingRemovalSlaBreachedContractV1 = contract({
  type: 'ListingRemovalSlaBreached',
  schemaVersion: 1,
  schema: listingRemovalSlaBreachedV1,
  sourceEventType: 'EscalationRemovalSlaBreached',
  toPayload: ({ data }) => ({ debtId: data.debtId, bureausPending: [...data.bureausPending], slaDueOn: data.slaDueOn, detectedAt: data.detectedAt }),
});

export const protestRequestedContractV1 = contract({
  type: 'ProtestRequested',
  schemaVersion: 1,
  schema: protestRequestedV1,
  sourceEventType: 'EscalationProtestRequested',
  toPayload: ({ data }) => ({ debtId: data.debtId, protestId: data.protestId, amount: { amount: data.amount.amount, currency: data.amount.currency }, dueDate: data.dueDate, requestedAt: data.requestedAt }),
});

export const protestCancelledContractV1 = contract({
  type: 'ProtestCancelled',
  schemaVersion: 1,
  schema: protestCancelledV1,
  sourceEventType: 'EscalationProtestCancelled',
  toPayload: ({ data }) => ({ debtId: data.debtId, protestId: data.protestId, cancelledAt: data.cancelledAt }),
});

export const lawsuitHandedOffContractV1 = contract({
  type: 'LawsuitHandedOff',
  schemaVersion: 1,
  schema: lawsuitHandedOffV1,
  sourceEventType: 'EscalationLawsuitHandedOff',
  toPayload: ({ data }) => ({ debtId: data.debtId, lawFirm: data.lawFirm, handedOffAt: data.handedOffAt }),
});

export const LEGAL_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  priorNoticeRequestedContractV1,
  debtListedAtBureauContractV1,
  escalationStepRefusedContractV1,
  listingRemovalRequestedContractV1,
  listingRemovalConfirmedContractV1,
  listingRemovalSlaBreachedContractV1,
  protestRequestedContractV1,
  protestCancelledContractV1,
  lawsuitHandedOffContractV1,
];
