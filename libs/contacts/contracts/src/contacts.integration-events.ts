import { z } from 'zod';
import { integrationEventContracts, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import type { CadenceEvent, CallScriptEvent, CallTaskEvent, DebtContactEvent, PriorNoticeEvent, SatisfactionSurveyEvent } from '@collections/contacts-domain';

/**
 * What the contacts context publishes on `collections.contacts.events.v1`: every contact
 * attempt and its outcome, every rule that deferred or blocked one, holds and stops.
 * Ids and facts only: no address, phone or message text leaves the service. A breaking
 * change is a new schemaVersion published beside the old one, never an edit of these.
 */
export const CONTACTS_CONTEXT = 'contacts';
export const CONTACTS_TOPIC = topicFor(CONTACTS_CONTEXT);

const channel = z.enum(['email', 'sms', 'whatsapp', 'letter', 'voice']);
const rule = z.object({ code: z.string(), article: z.string(), detail: z.string() });
const step = { debtId: z.uuid(), stepId: z.string(), channel, cadenceVersion: z.number().int().positive(), at: z.string() };

export const contactSentV1 = z.object({ ...step, messageId: z.string(), contactPointId: z.string() });
export const contactDeferredV1 = z.object({ ...step, until: z.string(), rule });
export const contactBlockedV1 = z.object({ ...step, rule });
export const contactFailedV1 = z.object({ ...step, messageId: z.string(), retryable: z.boolean(), reason: z.string() });
export const callTaskCreatedV1 = z.object({ ...step, taskId: z.string() });
export const contactDeliveryUpdatedV1 = z.object({ debtId: z.uuid(), messageId: z.string(), status: z.enum(['delivered', 'read', 'bounced', 'failed']), at: z.string() });
export const cadencePausedV1 = z.object({ debtId: z.uuid(), holdId: z.string(), kind: z.enum(['deceased', 'bankruptcy', 'dispute', 'agreement', 'manual']), pausedAt: z.string() });
export const cadenceResumedV1 = z.object({ debtId: z.uuid(), holdId: z.string(), resumedAt: z.string() });
export const cadenceStoppedV1 = z.object({ debtId: z.uuid(), reason: z.enum(['settled', 'written_off', 'debtor_erased', 'cancelled']), stoppedAt: z.string() });
const money = z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const promiseToPayMadeV1 = z.object({ debtId: z.uuid(), promiseId: z.uuid(), taskId: z.string(), amount: money, dueOn: isoDate, madeAt: z.string() });
export const promiseToPayKeptV1 = z.object({ debtId: z.uuid(), promiseId: z.uuid(), paid: money, keptOn: isoDate });
export const promiseToPayBrokenV1 = z.object({ debtId: z.uuid(), promiseId: z.uuid(), amount: money, paid: money, dueOn: isoDate, brokenAt: z.string() });
/** The prior notice of a bureau listing (CDC art. 43 §2) went out: the legal context counts its period from `sentAt`. */
export const priorNoticeSentV1 = z.object({
  noticeId: z.uuid(),
  debtId: z.uuid(),
  sentAt: z.iso.datetime(),
  deliveries: z.array(z.object({ channel: z.enum(['letter', 'email']), messageId: z.string(), contactPointId: z.string() })).min(1),
});
/** The prior notice could not be sent: no listing may follow it. */
export const priorNoticeFailedV1 = z.object({ noticeId: z.uuid(), debtId: z.uuid(), reason: z.string(), failedAt: z.iso.datetime() });
/** The agents' work queue (stream `calltask-<taskId>`): a call queued, taken, deferred by a contact rule, completed with its outcome (never its notes). */
export const callTaskQueuedV1 = z.object({ taskId: z.uuid(), debtId: z.uuid(), queue: z.string(), priority: z.number().int(), reason: z.enum(['cadence', 'manual', 'callback', 'broken-promise', 'follow-up']), dueAt: z.string(), queuedAt: z.string() });
export const callTaskTakenV1 = z.object({ taskId: z.uuid(), agent: z.string(), takenAt: z.string() });
export const callTaskDeferredV1 = z.object({ taskId: z.uuid(), debtId: z.uuid(), until: z.string(), rule, deferredAt: z.string() });
export const callOutcomeRecordedV1 = z.object({
  taskId: z.uuid(),
  debtId: z.uuid(),
  agent: z.string(),
  outcome: z.string(),
  completedAt: z.string(),
  // additive in v1 (absent in payloads published before call scripts): the script steps the agent did, and the script's version
  stepsDone: z.array(z.string()).optional(),
  scriptVersion: z.number().int().nonnegative().optional(),
});
/** A segment's call script published (its steps' ids and kinds; the agents' text stays in the service). */
export const callScriptPublishedV1 = z.object({
  segment: z.string(),
  version: z.number().int().positive(),
  steps: z.array(z.object({ stepId: z.string(), kind: z.enum(['identify-right-party', 'state-creditor', 'disclose-debt', 'offer', 'other']) })).min(1),
  publishedAt: z.string(),
});
export const cadenceDefinedV1 = z.object({ cadenceId: z.uuid(), segment: z.string(), version: z.number().int().positive(), steps: z.number().int().positive(), at: z.string() });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails `tsc` here, not the relay at run time.
/** The satisfaction survey after a call that reached the debtor: sent, and answered with a score (the reporting context reads both). */
const survey = { surveyId: z.uuid(), taskId: z.uuid(), debtId: z.uuid(), agent: z.string(), channel: z.enum(['sms', 'email']) };
export const satisfactionSurveySentV1 = z.object({ ...survey, sentAt: z.string() });
export const satisfactionSurveyAnsweredV1 = z.object({ ...survey, score: z.number().int().min(1).max(5), answeredAt: z.string() });

const contract = integrationEventContracts<DebtContactEvent | CadenceEvent | PriorNoticeEvent | CallTaskEvent | CallScriptEvent | SatisfactionSurveyEvent>(CONTACTS_CONTEXT);
const v1 = { schemaVersion: 1 } as const;
const stepOf = (d: { debtId: string; stepId: string; channel: z.output<typeof channel>; cadenceVersion: number; at: string }) => ({
  debtId: d.debtId,
  stepId: d.stepId,
  channel: d.channel,
  cadenceVersion: d.cadenceVersion,
  at: d.at,
});

export const contactSentContractV1 = contract({ ...v1, type: 'ContactSent', schema: contactSentV1, sourceEventType: 'ContactSent', toPayload: ({ data }) => ({ ...stepOf(data), messageId: data.messageId, contactPointId: data.contactPointId }) });
export const contactDeferredContractV1 = contract({ ...v1, type: 'ContactDeferred', schema: contactDeferredV1, sourceEventType: 'ContactDeferred', toPayload: ({ data }) => ({ ...stepOf(data), until: data.until, rule: data.rule }) });
export const contactBlockedContractV1 = contract({ ...v1, type: 'ContactBlocked', schema: contactBlockedV1, sourceEventType: 'ContactBlocked', toPayload: ({ data }) => ({ ...stepOf(data), rule: data.rule }) });
export const contactFailedContractV1 = contract({
  ...v1,
  type: 'ContactFailed',
  schema: contactFailedV1,
  sourceEventType: 'ContactFailed',
  toPayload: ({ data }) => ({ ...stepOf(data), messageId: data.messageId, retryable: data.retryable, reason: data.reason }),
});
export const callTaskCreatedContractV1 = contract({ ...v1, type: 'CallTaskCreated', schema: callTaskCreatedV1, sourceEventType: 'CallTaskCreated', toPayload: ({ data }) => ({ ...stepOf(data), taskId: data.taskId }) });
export const contactDeliveryUpdatedContractV1 = contract({
  ...v1,
  type: 'ContactDeliveryUpdated',
  schema: contactDeliveryUpdatedV1,
  sourceEventType: 'ContactDeliveryUpdated',
  toPayload: ({ data }) => ({ debtId: data.debtId, messageId: data.messageId, status: data.status, at: data.at }),
});
export const cadencePausedContractV1 = contract({
  ...v1,
  type: 'CadencePaused',
  schema: cadencePausedV1,
  sourceEventType: 'CadencePaused',
  toPayload: ({ data }) => ({ debtId: data.debtId, holdId: data.holdId, kind: data.kind, pausedAt: data.pausedAt }),
});
export const cadenceResumedContractV1 = contract({ ...v1, type: 'CadenceResumed', schema: cadenceResumedV1, sourceEventType: 'CadenceResumed', toPayload: ({ data }) => ({ debtId: data.debtId, holdId: data.holdId, resumedAt: data.resumedAt }) });
export const cadenceStoppedContractV1 = contract({ ...v1, type: 'CadenceStopped', schema: cadenceStoppedV1, sourceEventType: 'CadenceStopped', toPayload: ({ data }) => ({ debtId: data.debtId, reason: data.reason, stoppedAt: data.stoppedAt }) });
export const cadenceDefinedContractV1 = contract({
  ...v1,
  type: 'CadenceDefined',
  schema: cadenceDefinedV1,
  sourceEventType: 'CadenceDefined',
  toPayload: ({ data }) => ({ cadenceId: data.cadenceId, segment: data.segment, version: data.version, steps: data.steps.length, at: data.definedAt }),
});

export const promiseToPayMadeContractV1 = contract({
  ...v1,
  type: 'PromiseToPayMade',
  schema: promiseToPayMadeV1,
  sourceEventType: 'PromiseToPayMade',
  toPayload: ({ data }) => ({ debtId: data.debtId, promiseId: data.promiseId, taskId: data.taskId, amount: data.amount, dueOn: data.dueOn, madeAt: data.madeAt }),
});
export const promiseToPayKeptContractV1 = contract({
  ...v1,
  type: 'PromiseToPayKept',
  schema: promiseToPayKeptV1,
  sourceEventType: 'PromiseToPayKept',
  toPayload: ({ data }) => ({ debtId: data.debtId, promiseId: data.promiseId, paid: data.paid, keptOn: data.keptOn }),
});
export const promiseToPayBrokenContractV1 = contract({
  ...v1,
  type: 'PromiseToPayBroken',
  schema: promiseToPayBrokenV1,
  sourceEventType: 'PromiseToPayBroken',
  toPayload: ({ data }) => ({ debtId: data.debtId, promiseId: data.promiseId, amount: data.amount, paid: data.paid, dueOn: data.dueOn, brokenAt: data.brokenAt }),
});

export const priorNoticeSentContractV1 = contract({
  ...v1,
  type: 'PriorNoticeSent',
  schema: priorNoticeSentV1,
  sourceEventType: 'PriorNoticeDispatched',
  toPayload: ({ data }) => ({ noticeId: data.noticeId, debtId: data.debtId, sentAt: data.sentAt, deliveries: data.deliveries.map((d) => ({ channel: d.channel, messageId: d.messageId, contactPointId: d.contactPointId })) }),
});
export const priorNoticeFailedContractV1 = contract({
  ...v1,
  type: 'PriorNoticeFailed',
  schema: priorNoticeFailedV1,
  sourceEventType: 'PriorNoticeUndeliverable',
  toPayload: ({ data }) => ({ noticeId: data.noticeId, debtId: data.debtId, reason: data.reason, failedAt: data.failedAt }),
});

export const callTaskQueuedContractV1 = contract({
  ...v1,
  type: 'CallTaskQueued',
  schema: callTaskQueuedV1,
  sourceEventType: 'CallTaskQueued',
  toPayload: ({ data }) => ({ taskId: data.taskId, debtId: data.debtId, queue: data.queue, priority: data.priority, reason: data.reason, dueAt: data.dueAt, queuedAt: data.queuedAt }),
});
export const callTaskTakenContractV1 = contract({ ...v1, type: 'CallTaskTaken', schema: callTaskTakenV1, sourceEventType: 'CallTaskTaken', toPayload: ({ data }) => ({ taskId: data.taskId, agent: data.agent, takenAt: data.takenAt }) });
export const callTaskDeferredContractV1 = contract({
  ...v1,
  type: 'CallTaskDeferred',
  schema: callTaskDeferredV1,
  sourceEventType: 'CallTaskDeferred',
  toPayload: ({ data }) => ({ taskId: data.taskId, debtId: data.debtId, until: data.until, rule: data.rule, deferredAt: data.deferredAt }),
});
export const callOutcomeRecordedContractV1 = contract({
  ...v1,
  type: 'CallOutcomeRecorded',
  schema: callOutcomeRecordedV1,
  sourceEventType: 'CallTaskCompleted',
  toPayload: ({ data }) => ({
    taskId: data.taskId,
    debtId: data.debtId,
    agent: data.agent,
    outcome: data.outcome,
    completedAt: data.completedAt,
    ...(data.stepsDone ? { stepsDone: [...data.stepsDone] } : {}),
    ...(data.scriptVersion !== undefined ? { scriptVersion: data.scriptVersion } : {}),
  }),
});
export const callScriptPublishedContractV1 = contract({
  ...v1,
  type: 'CallScriptPublished',
  schema: callScriptPublishedV1,
  sourceEventType: 'CallScriptPublished',
  toPayload: ({ data }) => ({ segment: data.segment, version: data.version, steps: data.steps.map((s) => ({ stepId: s.id, kind: s.kind })), publishedAt: data.publishedAt }),
});

const surveyOf = (d: { surveyId: string; taskId: string; debtId: string; agent: string; channel: 'sms' | 'email' }) => ({ surveyId: d.surveyId, taskId: d.taskId, debtId: d.debtId, agent: d.agent, channel: d.channel });
export const satisfactionSurveySentContractV1 = contract({
  ...v1,
  type: 'SatisfactionSurveySent',
  schema: satisfactionSurveySentV1,
  sourceEventType: 'SatisfactionSurveySent',
  toPayload: ({ data }) => ({ ...surveyOf(data), sentAt: data.sentAt }),
});
export const satisfactionSurveyAnsweredContractV1 = contract({
  ...v1,
  type: 'SatisfactionSurveyAnswered',
  schema: satisfactionSurveyAnsweredV1,
  sourceEventType: 'SatisfactionSurveyAnswered',
  toPayload: ({ data }) => ({ ...surveyOf(data), score: data.score, answeredAt: data.answeredAt }),
});

export const CONTACTS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  contactSentContractV1,
  contactDeferredContractV1,
  contactBlockedContractV1,
  contactFailedContractV1,
  callTaskCreatedContractV1,
  contactDeliveryUpdatedContractV1,
  cadencePausedContractV1,
  cadenceResumedContractV1,
  cadenceStoppedContractV1,
  cadenceDefinedContractV1,
  promiseToPayMadeContractV1,
  promiseToPayKeptContractV1,
  promiseToPayBrokenContractV1,
  priorNoticeSentContractV1,
  priorNoticeFailedContractV1,
  callTaskQueuedContractV1,
  callTaskTakenContractV1,
  callTaskDeferredContractV1,
  callOutcomeRecordedContractV1,
  callScriptPublishedContractV1,
  satisfactionSurveySentContractV1,
  satisfactionSurveyAnsweredContractV1,
];
