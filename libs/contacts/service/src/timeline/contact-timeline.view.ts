import { Money, assertNever, fold } from '@collections/shared-kernel';
import { debtContactDecider, isPaused, type DebtContactEvent, type RuleReference } from '@collections/contacts-domain';

export interface TimelineEntry {
  readonly type: DebtContactEvent['type'];
  readonly at: string;
  readonly stepId?: string;
  readonly channel?: string;
  readonly messageId?: string;
  readonly rule?: RuleReference;
  readonly until?: string;
  readonly detail?: string;
}

/** A debt's contact history as an auditor reads it: every attempt, deferral and block with its rule. */
export interface ContactTimelineView {
  readonly debtId: string;
  readonly status: 'tracking' | 'running' | 'paused' | 'stopped';
  readonly cadence: { readonly cadenceId: string; readonly version: number } | null;
  readonly holds: readonly { readonly holdId: string; readonly kind: string }[];
  readonly stopReason: string | null;
  /** The promise to pay the cadence waits for, with what was paid towards it; null when none is open. */
  readonly promise: { readonly promiseId: string; readonly amount: Money; readonly dueOn: string; readonly paid: Money } | null;
  readonly version: number;
  readonly entries: readonly TimelineEntry[];
}

function entryOf(event: DebtContactEvent): TimelineEntry {
  switch (event.type) {
    case 'DebtTracked':
      return { type: event.type, at: event.data.trackedAt };
    case 'CadenceStarted':
      return { type: event.type, at: event.data.startedAt, detail: `cadence ${event.data.cadenceId} v${event.data.version}` };
    case 'StepSkipped':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, detail: event.data.reason };
    case 'ContactDeferred':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, rule: event.data.rule, until: event.data.until };
    case 'ContactBlocked':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, rule: event.data.rule };
    case 'ContactSent':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, messageId: event.data.messageId };
    case 'ContactFailed':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, messageId: event.data.messageId, detail: `${event.data.retryable ? 'will retry: ' : ''}${event.data.reason}` };
    case 'CallTaskCreated':
      return { type: event.type, at: event.data.at, stepId: event.data.stepId, channel: event.data.channel, detail: `task ${event.data.taskId}` };
    case 'ContactDeliveryUpdated':
      return { type: event.type, at: event.data.at, messageId: event.data.messageId, detail: event.data.reason ? `${event.data.status}: ${event.data.reason}` : event.data.status };
    case 'CadencePaused':
      return { type: event.type, at: event.data.pausedAt, detail: `${event.data.kind} (${event.data.holdId}): ${event.data.reason}` };
    case 'CadenceResumed':
      return { type: event.type, at: event.data.resumedAt, detail: event.data.holdId };
    case 'CadenceStopped':
      return { type: event.type, at: event.data.stoppedAt, detail: event.data.reason };
    case 'CadenceReopened':
      return { type: event.type, at: event.data.reopenedAt, detail: `the debt was reopened as of ${event.data.reopenedOn}` };
    case 'ContactPointOptedOut':
      return { type: event.type, at: event.data.at, channel: event.data.channel, detail: `contact point ${event.data.contactPointId} opted out ("${event.data.phrase}")` };
    case 'DebtOverdueNoted':
      return { type: event.type, at: event.data.asOf, detail: `past due as of ${event.data.asOf}` };
    case 'DebtPaymentNoted':
      return { type: event.type, at: event.data.paidOn, detail: `payment ${event.data.paymentId}: ${event.data.amount.amount} ${event.data.amount.currency}` };
    case 'DebtPaymentReversalNoted':
      return { type: event.type, at: event.data.reversedOn, detail: `payment ${event.data.paymentId} reversed: ${event.data.amount.amount} ${event.data.amount.currency}` };
    case 'PromiseToPayMade':
      return { type: event.type, at: event.data.madeAt, detail: `promise ${event.data.promiseId} (call task ${event.data.taskId}): ${event.data.amount.amount} ${event.data.amount.currency} by ${event.data.dueOn}` };
    case 'PromiseToPayKept':
      return { type: event.type, at: event.data.keptOn, detail: `promise ${event.data.promiseId} kept: ${event.data.paid.amount} ${event.data.paid.currency} paid` };
    case 'PromiseToPayBroken':
      return { type: event.type, at: event.data.brokenAt, detail: `promise ${event.data.promiseId} broken: ${event.data.paid.amount} of ${event.data.amount.amount} ${event.data.amount.currency} paid by ${event.data.dueOn}` };
    default:
      return assertNever(event, 'debt contact event');
  }
}

export function contactTimelineOf(debtId: string, events: readonly DebtContactEvent[], version: number): ContactTimelineView | undefined {
  const state = fold(debtContactDecider, events);
  if (state.status === 'untracked') return undefined;
  const status = state.status === 'running' && isPaused(state) ? 'paused' : state.status;
  const open = state.promise;
  const promise = open ? { promiseId: open.promiseId, amount: open.amount, dueOn: open.dueOn, paid: Money.of(open.paid, open.amount.currency) } : null;
  return { debtId, status, cadence: state.cadence, holds: state.holds, stopReason: state.stopReason, promise, version, entries: events.map(entryOf) };
}
