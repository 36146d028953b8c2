import { Money, ValidationError, assertNever, epochDay, type Decider, type IsoDate } from '@collections/shared-kernel';
import type { ContactChannel } from '../compliance/contact-rule';
import { ContactsRuleViolation } from '../contacts-rule-code';
import type { CadenceStep } from '../cadence/cadence.events';
import type { DebtContactCommand, RecordPromise, RecordStepOutcome } from './debt-contact.commands';
import type { DebtContactEvent, DeliveryStatus, HoldKind, StopReason } from './debt-contact.events';

export interface SentMessage {
  readonly messageId: string;
  readonly stepId: string;
  readonly channel: ContactChannel;
  readonly status: 'sent' | DeliveryStatus;
}

/** A promise to pay not yet kept or broken: the cadence waits for it. */
export interface OpenPromise {
  readonly promiseId: string;
  readonly amount: Money;
  readonly madeOn: IsoDate;
  readonly dueOn: IsoDate;
  /** Centavos of the payments dated from madeOn to dueOn. */
  readonly paid: number;
}

export interface TrackedDebt {
  readonly status: 'tracking' | 'running' | 'stopped';
  readonly debtId: string;
  readonly debtorId: string;
  readonly dueDate: IsoDate;
  readonly originalAmount: Money;
  /** The first date the debtors context found it past due; null while current. */
  readonly overdueSince: IsoDate | null;
  /** Centavos received so far (payments noted once each). */
  readonly paid: number;
  readonly paymentIds: readonly string[];
  /** Payments noted and later reversed (their amounts taken back out of `paid`). */
  readonly reversedPaymentIds: readonly string[];
  /** What each noted payment brought, so that a reversal takes back exactly that. */
  readonly paymentAmounts: Readonly<Record<string, number>>;
  readonly cadence: { readonly cadenceId: string; readonly version: number } | null;
  /** Steps finished (sent, blocked, skipped, task created, failed for good), by id. */
  readonly doneStepIds: readonly string[];
  /** The offset of the latest finished step: a revision's earlier steps are not sent late. */
  readonly lastDoneOffset: number | null;
  readonly holds: readonly { readonly holdId: string; readonly kind: HoldKind }[];
  readonly messages: readonly SentMessage[];
  /** Failed attempts of the step in progress (a retryable failure leaves the step open). */
  readonly failedAttempts: number;
  readonly stopReason: StopReason | null;
  /** Contact points the debtor opted out of in an inbound message. */
  readonly optedOutContactPoints: readonly string[];
  readonly promise: OpenPromise | null;
  /** Every promise recorded (kept, broken or open): a retried outcome records it once. */
  readonly promiseIds: readonly string[];
}

export type DebtContactState = { readonly status: 'untracked' } | TrackedDebt;

function requireTracked(state: DebtContactState, debtId: string): TrackedDebt {
  if (state.status === 'untracked') throw new ContactsRuleViolation('DEBT_NOT_TRACKED', `debt ${debtId} is not known to the contacts context`);
  return state;
}

/** Paused by a hold, or waiting for a promise to pay. */
export const isPaused = (debt: TrackedDebt): boolean => debt.holds.length > 0 || debt.promise !== null;

/** Does a payment dated `paidOn` count towards the promise (made that day or before, due that day or after)? */
const countsTowards = (promise: OpenPromise, paidOn: IsoDate): boolean => paidOn >= promise.madeOn && paidOn <= promise.dueOn;
export const openBalance = (debt: TrackedDebt): number => Math.max(0, debt.originalAmount.amount - debt.paid);

/** The calendar day a step is due: the debt's due date plus the step's offset. */
export function stepDueDate(debt: Pick<TrackedDebt, 'dueDate'>, step: Pick<CadenceStep, 'offsetDays'>): IsoDate {
  return new Date((epochDay(debt.dueDate) + step.offsetDays) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The step a running debt takes next from its cadence's current steps: the first one not
 * finished whose offset is not before the last finished step's. After a revision the debt
 * continues on the new version from there; a step inserted before that point is not sent
 * late, and a step kept under its id is never sent twice.
 */
export function nextStep(debt: TrackedDebt, steps: readonly CadenceStep[]): CadenceStep | undefined {
  const done = new Set(debt.doneStepIds);
  return steps.find((step) => !done.has(step.stepId) && (debt.lastDoneOffset === null || step.offsetDays >= debt.lastDoneOffset));
}

/**
 * When the next step may be tried, as a calendar day, or why not yet: a step after the
 * due date waits until the debtors context has found the debt past due (it knows the
 * installments and payments; a debt paid on time never gets a collection message).
 */
export type StepPlan =
  | { readonly kind: 'none'; readonly reason: 'stopped' | 'paused' | 'not-running' | 'finished' }
  | { readonly kind: 'waiting-for-overdue'; readonly step: CadenceStep }
  | { readonly kind: 'due'; readonly step: CadenceStep; readonly on: IsoDate };

export function planNextStep(state: DebtContactState, steps: readonly CadenceStep[]): StepPlan {
  if (state.status === 'untracked' || state.status === 'tracking') return { kind: 'none', reason: 'not-running' };
  if (state.status === 'stopped') return { kind: 'none', reason: 'stopped' };
  if (isPaused(state)) return { kind: 'none', reason: 'paused' };
  const step = nextStep(state, steps);
  if (!step) return { kind: 'none', reason: 'finished' };
  if (step.offsetDays > 0 && state.overdueSince === null) return { kind: 'waiting-for-overdue', step };
  return { kind: 'due', step, on: stepDueDate(state, step) };
}

function recordOutcome(command: RecordStepOutcome, debt: TrackedDebt): readonly DebtContactEvent[] {
  if (debt.status === 'stopped') throw new ContactsRuleViolation('CADENCE_STOPPED', `the cadence of debt ${debt.debtId} stopped (${debt.stopReason})`);
  if (debt.status !== 'running') throw new ContactsRuleViolation('CADENCE_NOT_RUNNING', `debt ${debt.debtId} runs no cadence`);
  if (isPaused(debt)) {
    const why = [...debt.holds.map((h) => h.kind), ...(debt.promise ? [`promise to pay by ${debt.promise.dueOn}`] : [])];
    throw new ContactsRuleViolation('CADENCE_PAUSED', `the cadence of debt ${debt.debtId} is on hold (${why.join(', ')})`);
  }
  const { step } = command;
  if (debt.doneStepIds.includes(step.stepId)) throw new ContactsRuleViolation('STEP_ALREADY_DONE', `step ${step.stepId} of debt ${debt.debtId} is already done`);
  const facts = { debtId: debt.debtId, stepId: step.stepId, offsetDays: step.offsetDays, cadenceVersion: command.cadenceVersion, channel: step.channel, at: command.now };
  const outcome = command.outcome;
  switch (outcome.kind) {
    case 'skipped':
      return [{ type: 'StepSkipped', data: { ...facts, reason: outcome.reason } }];
    case 'deferred':
      return [{ type: 'ContactDeferred', data: { ...facts, until: outcome.until, rule: outcome.rule } }];
    case 'blocked':
      return [{ type: 'ContactBlocked', data: { ...facts, rule: outcome.rule } }];
    case 'sent':
      return [{ type: 'ContactSent', data: { ...facts, messageId: outcome.messageId, contactPointId: outcome.contactPointId, providerMessageId: outcome.providerMessageId } }];
    case 'failed':
      return [{ type: 'ContactFailed', data: { ...facts, messageId: outcome.messageId, retryable: outcome.retryable, reason: outcome.reason } }];
    case 'call-task':
      return [{ type: 'CallTaskCreated', data: { ...facts, taskId: outcome.taskId } }];
    default:
      return assertNever(outcome, 'step outcome');
  }
}

function recordPromise(command: RecordPromise, debt: TrackedDebt): readonly DebtContactEvent[] {
  // an outcome retried: the promise is recorded once
  if (debt.promiseIds.includes(command.promiseId)) return [];
  if (debt.status === 'stopped') throw new ContactsRuleViolation('CADENCE_STOPPED', `the debt ${debt.debtId} is ${debt.stopReason}: there is nothing to promise`);
  if (debt.promise) throw new ContactsRuleViolation('PROMISE_ALREADY_OPEN', `the debtor promised to pay by ${debt.promise.dueOn} already (promise ${debt.promise.promiseId})`);
  if (command.amount.amount <= 0) throw ValidationError.of('promise.amount', 'must be more than zero');
  if (command.dueOn < command.madeOn) throw ValidationError.of('promise.dueOn', `must not be before the day it is made, ${command.madeOn}`);
  const { promiseId, taskId, amount, madeOn, dueOn } = command;
  return [{ type: 'PromiseToPayMade', data: { debtId: debt.debtId, promiseId, taskId, amount, madeOn, dueOn, madeBy: command.actor, madeAt: command.now } }];
}

function decide(command: DebtContactCommand, state: DebtContactState): readonly DebtContactEvent[] {
  switch (command.type) {
    case 'TrackDebt':
      // the same DebtRegistered delivered twice: nothing new
      if (state.status !== 'untracked') return [];
      return [{ type: 'DebtTracked', data: { debtId: command.debtId, debtorId: command.debtorId, dueDate: command.dueDate, originalAmount: command.originalAmount, trackedAt: command.now } }];
    case 'StartCadence': {
      const debt = requireTracked(state, command.debtId);
      // started already, or stopped before it became overdue (paid on the due date): nothing to start
      if (debt.status !== 'tracking') return [];
      return [{ type: 'CadenceStarted', data: { debtId: debt.debtId, cadenceId: command.cadenceId, version: command.version, startedAt: command.now } }];
    }
    case 'RecordStepOutcome':
      return recordOutcome(command, requireTracked(state, command.debtId));
    case 'RecordDelivery': {
      const debt = requireTracked(state, command.debtId);
      const message = debt.messages.find((m) => m.messageId === command.messageId);
      if (!message) throw new ContactsRuleViolation('MESSAGE_NOT_FOUND', `no message ${command.messageId} was sent for debt ${debt.debtId}`);
      // a provider repeats its receipts: the same status again is no news
      if (message.status === command.status) return [];
      return [{ type: 'ContactDeliveryUpdated', data: { debtId: debt.debtId, messageId: command.messageId, status: command.status, reason: command.reason, at: command.now } }];
    }
    case 'PlaceHold': {
      const debt = requireTracked(state, command.debtId);
      if (debt.holds.some((h) => h.holdId === command.holdId)) return [];
      return [{ type: 'CadencePaused', data: { debtId: debt.debtId, holdId: command.holdId, kind: command.kind, reason: command.reason, pausedAt: command.now, pausedBy: command.actor } }];
    }
    case 'ReleaseHold': {
      const debt = requireTracked(state, command.debtId);
      if (!debt.holds.some((h) => h.holdId === command.holdId)) throw new ContactsRuleViolation('HOLD_NOT_FOUND', `debt ${debt.debtId} has no hold ${command.holdId}`);
      return [{ type: 'CadenceResumed', data: { debtId: debt.debtId, holdId: command.holdId, resumedAt: command.now, resumedBy: command.actor } }];
    }
    case 'StopCadence': {
      const debt = requireTracked(state, command.debtId);
      if (debt.status === 'stopped') return [];
      return [{ type: 'CadenceStopped', data: { debtId: debt.debtId, reason: command.reason, stoppedAt: command.now } }];
    }
    case 'ReopenCadence': {
      const debt = requireTracked(state, command.debtId);
      // only a settlement is undone by a reopening: a write-off or an erasure stays final
      if (debt.status !== 'stopped' || debt.stopReason !== 'settled') return [];
      return [{ type: 'CadenceReopened', data: { debtId: debt.debtId, reopenedOn: command.reopenedOn, reopenedAt: command.now } }];
    }
    case 'NotePaymentReversal': {
      const debt = requireTracked(state, command.debtId);
      const amount = debt.paymentAmounts[command.paymentId];
      if (amount === undefined || debt.reversedPaymentIds.includes(command.paymentId)) return [];
      return [{ type: 'DebtPaymentReversalNoted', data: { debtId: debt.debtId, paymentId: command.paymentId, amount: { amount, currency: debt.originalAmount.currency }, reversedOn: command.reversedOn } }];
    }
    case 'NoteOptOut': {
      const debt = requireTracked(state, command.debtId);
      if (debt.optedOutContactPoints.includes(command.contactPointId)) return [];
      return [{ type: 'ContactPointOptedOut', data: { debtId: debt.debtId, contactPointId: command.contactPointId, channel: command.channel, phrase: command.phrase, at: command.now } }];
    }
    case 'NoteOverdue': {
      const debt = requireTracked(state, command.debtId);
      return debt.overdueSince === null ? [{ type: 'DebtOverdueNoted', data: { debtId: debt.debtId, asOf: command.asOf } }] : [];
    }
    case 'NotePayment': {
      const debt = requireTracked(state, command.debtId);
      if (debt.paymentIds.includes(command.paymentId)) return [];
      const noted: DebtContactEvent = { type: 'DebtPaymentNoted', data: { debtId: debt.debtId, paymentId: command.paymentId, amount: command.amount, paidOn: command.paidOn } };
      const promise = debt.promise;
      if (!promise || !countsTowards(promise, command.paidOn) || promise.paid + command.amount.amount < promise.amount.amount) return [noted];
      const paid = Money.of(promise.paid + command.amount.amount, promise.amount.currency);
      return [noted, { type: 'PromiseToPayKept', data: { debtId: debt.debtId, promiseId: promise.promiseId, paid, keptOn: command.paidOn } }];
    }
    case 'RecordPromise':
      return recordPromise(command, requireTracked(state, command.debtId));
    case 'CheckPromise': {
      const debt = requireTracked(state, command.debtId);
      const promise = debt.promise;
      // kept, broken already, superseded, or its day (and grace) not over: nothing to do
      if (!promise || promise.promiseId !== command.promiseId || command.asOf <= promise.dueOn) return [];
      const paid = Money.of(promise.paid, promise.amount.currency);
      return [{ type: 'PromiseToPayBroken', data: { debtId: debt.debtId, promiseId: promise.promiseId, amount: promise.amount, paid, dueOn: promise.dueOn, asOf: command.asOf, brokenAt: command.now } }];
    }
    default:
      return assertNever(command, 'debt contact command');
  }
}

const finishStep = (debt: TrackedDebt, stepId: string, offsetDays: number): TrackedDebt => ({
  ...debt,
  doneStepIds: [...debt.doneStepIds, stepId],
  lastDoneOffset: debt.lastDoneOffset === null ? offsetDays : Math.max(debt.lastDoneOffset, offsetDays),
  failedAttempts: 0,
});

function evolveTracked(debt: TrackedDebt, event: DebtContactEvent): TrackedDebt {
  switch (event.type) {
    case 'DebtTracked':
      return debt;
    case 'CadenceStarted':
      return debt.status === 'tracking' ? { ...debt, status: 'running', cadence: { cadenceId: event.data.cadenceId, version: event.data.version } } : debt;
    case 'StepSkipped':
    case 'ContactBlocked':
    case 'CallTaskCreated':
      return finishStep(debt, event.data.stepId, event.data.offsetDays);
    case 'ContactDeferred':
      return debt;
    case 'ContactSent': {
      const d = event.data;
      return { ...finishStep(debt, d.stepId, d.offsetDays), messages: [...debt.messages, { messageId: d.messageId, stepId: d.stepId, channel: d.channel, status: 'sent' }] };
    }
    case 'ContactFailed':
      return event.data.retryable ? { ...debt, failedAttempts: debt.failedAttempts + 1 } : finishStep(debt, event.data.stepId, event.data.offsetDays);
    case 'ContactDeliveryUpdated':
      return { ...debt, messages: debt.messages.map((m) => (m.messageId === event.data.messageId ? { ...m, status: event.data.status } : m)) };
    case 'CadencePaused':
      return { ...debt, holds: [...debt.holds, { holdId: event.data.holdId, kind: event.data.kind }] };
    case 'CadenceResumed':
      return { ...debt, holds: debt.holds.filter((h) => h.holdId !== event.data.holdId) };
    case 'CadenceStopped':
      return { ...debt, status: 'stopped', stopReason: event.data.reason };
    case 'CadenceReopened':
      return { ...debt, status: debt.cadence ? 'running' : 'tracking', stopReason: null };
    case 'ContactPointOptedOut':
      return { ...debt, optedOutContactPoints: [...debt.optedOutContactPoints, event.data.contactPointId] };
    case 'DebtOverdueNoted':
      return debt.overdueSince === null ? { ...debt, overdueSince: event.data.asOf } : debt;
    case 'DebtPaymentNoted':
      return {
        ...debt,
        promise: debt.promise && countsTowards(debt.promise, event.data.paidOn) ? { ...debt.promise, paid: debt.promise.paid + event.data.amount.amount } : debt.promise,
        paid: debt.paid + event.data.amount.amount,
        paymentIds: [...debt.paymentIds, event.data.paymentId],
        paymentAmounts: { ...debt.paymentAmounts, [event.data.paymentId]: event.data.amount.amount },
      };
    case 'PromiseToPayMade': {
      const { promiseId, amount, madeOn, dueOn } = event.data;
      return { ...debt, promise: { promiseId, amount, madeOn, dueOn, paid: 0 }, promiseIds: [...debt.promiseIds, promiseId] };
    }
    case 'PromiseToPayKept':
    case 'PromiseToPayBroken':
      return { ...debt, promise: null };
    case 'DebtPaymentReversalNoted':
      return { ...debt, paid: debt.paid - event.data.amount.amount, reversedPaymentIds: [...debt.reversedPaymentIds, event.data.paymentId] };
    default:
      return assertNever(event, 'debt contact event');
  }
}

function evolve(state: DebtContactState, event: DebtContactEvent): DebtContactState {
  if (state.status === 'untracked') {
    if (event.type !== 'DebtTracked') return state;
    const d = event.data;
    return {
      status: 'tracking',
      debtId: d.debtId,
      debtorId: d.debtorId,
      dueDate: d.dueDate,
      originalAmount: d.originalAmount,
      overdueSince: null,
      paid: 0,
      paymentIds: [],
      reversedPaymentIds: [],
      paymentAmounts: {},
      cadence: null,
      doneStepIds: [],
      lastDoneOffset: null,
      holds: [],
      messages: [],
      failedAttempts: 0,
      stopReason: null,
      optedOutContactPoints: [],
      promise: null,
      promiseIds: [],
    };
  }
  return evolveTracked(state, event);
}

/**
 * The contact process of one debt: tracked from its registration, running a cadence once
 * overdue, paused by holds (deceased, bankruptcy, dispute, agreement, by hand) and resumed
 * where it left off, stopped by settlement (reopened if the settling payment is reversed),
 * and for good by write-off or erasure.
 */
export const debtContactDecider: Decider<DebtContactState, DebtContactCommand, DebtContactEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'untracked' }),
};
