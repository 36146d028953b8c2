import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { RuleReference } from '../channel';
import type { ContactChannel } from '../compliance/contact-rule';

// The contact process of one debt (stream `debt-contact-<debtId>`): which cadence it runs,
// every step's outcome (sent, deferred or blocked with the rule that did it), holds and
// the stop. Personal data stays in the debtors context: a contact point appears by its id.

export const HOLD_KINDS = ['deceased', 'bankruptcy', 'dispute', 'agreement', 'manual'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export const STOP_REASONS = ['settled', 'written_off', 'debtor_erased', 'cancelled'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const DELIVERY_STATUSES = ['delivered', 'read', 'bounced', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

interface StepFacts {
  readonly debtId: string;
  readonly stepId: string;
  readonly offsetDays: number;
  readonly cadenceVersion: number;
  readonly channel: ContactChannel;
  readonly at: IsoInstant;
}

export interface DebtTracked {
  readonly type: 'DebtTracked';
  readonly data: { readonly debtId: string; readonly debtorId: string; readonly dueDate: IsoDate; readonly originalAmount: Money; readonly trackedAt: IsoInstant };
}
export interface CadenceStarted {
  readonly type: 'CadenceStarted';
  readonly data: { readonly debtId: string; readonly cadenceId: string; readonly version: number; readonly startedAt: IsoInstant };
}
/** A step whose conditions (aging bucket, minimum balance, debtor kind) did not hold. */
export interface StepSkipped {
  readonly type: 'StepSkipped';
  readonly data: StepFacts & { readonly reason: string };
}
/** Evidence: a rule moved the contact to a later instant (outside hours, holiday, cap). */
export interface ContactDeferred {
  readonly type: 'ContactDeferred';
  readonly data: StepFacts & { readonly until: IsoInstant; readonly rule: RuleReference };
}
/** Evidence: a rule stopped this contact for good (opt-out, no consent, no contact point). */
export interface ContactBlocked {
  readonly type: 'ContactBlocked';
  readonly data: StepFacts & { readonly rule: RuleReference };
}
export interface ContactSent {
  readonly type: 'ContactSent';
  readonly data: StepFacts & { readonly messageId: string; readonly contactPointId: string; readonly providerMessageId: string };
}
export interface ContactFailed {
  readonly type: 'ContactFailed';
  readonly data: StepFacts & { readonly messageId: string; readonly retryable: boolean; readonly reason: string };
}
/** A voice step: the call is a task in an agent's queue, not a message. */
export interface CallTaskCreated {
  readonly type: 'CallTaskCreated';
  readonly data: StepFacts & { readonly taskId: string };
}
export interface ContactDeliveryUpdated {
  readonly type: 'ContactDeliveryUpdated';
  readonly data: { readonly debtId: string; readonly messageId: string; readonly status: DeliveryStatus; readonly reason: string | null; readonly at: IsoInstant };
}
export interface CadencePaused {
  readonly type: 'CadencePaused';
  readonly data: { readonly debtId: string; readonly holdId: string; readonly kind: HoldKind; readonly reason: string; readonly pausedAt: IsoInstant; readonly pausedBy: string };
}
export interface CadenceResumed {
  readonly type: 'CadenceResumed';
  readonly data: { readonly debtId: string; readonly holdId: string; readonly resumedAt: IsoInstant; readonly resumedBy: string };
}
export interface CadenceStopped {
  readonly type: 'CadenceStopped';
  readonly data: { readonly debtId: string; readonly reason: StopReason; readonly stoppedAt: IsoInstant };
}
/**
 * Evidence: the debtor asked, in their own words on an inbound message, not to be contacted
 * on this contact point; no step uses it again.
 */
export interface ContactPointOptedOut {
  readonly type: 'ContactPointOptedOut';
  readonly data: { readonly debtId: string; readonly contactPointId: string; readonly channel: ContactChannel; readonly phrase: string; readonly at: IsoInstant };
}
/** The debtors context classified the debt past due: steps after the due date may go. */
export interface DebtOverdueNoted {
  readonly type: 'DebtOverdueNoted';
  readonly data: { readonly debtId: string; readonly asOf: IsoDate };
}
export interface DebtPaymentNoted {
  readonly type: 'DebtPaymentNoted';
  readonly data: { readonly debtId: string; readonly paymentId: string; readonly amount: Money; readonly paidOn: IsoDate };
}

/** A payment noted before was reversed: what it had paid is owed again. */
export interface DebtPaymentReversalNoted {
  readonly type: 'DebtPaymentReversalNoted';
  readonly data: { readonly debtId: string; readonly paymentId: string; readonly amount: Money; readonly reversedOn: IsoDate };
}
/**
 * A cadence stopped by the debt's settlement runs again because the debt was reopened:
 * from where it stopped (steps done stay done), or from the start when none had begun.
 */
export interface CadenceReopened {
  readonly type: 'CadenceReopened';
  readonly data: { readonly debtId: string; readonly reopenedOn: IsoDate; readonly reopenedAt: IsoInstant };
}

/** The debtor promised to pay `amount` by `dueOn`; the cadence waits for the promise. */
export interface PromiseToPayMade {
  readonly type: 'PromiseToPayMade';
  readonly data: {
    readonly debtId: string;
    readonly promiseId: string;
    readonly taskId: string;
    readonly amount: Money;
    readonly madeOn: IsoDate;
    readonly dueOn: IsoDate;
    readonly madeBy: string;
    readonly madeAt: IsoInstant;
  };
}
/** Payments dated within the promise reached its amount: the cadence goes on. */
export interface PromiseToPayKept {
  readonly type: 'PromiseToPayKept';
  readonly data: { readonly debtId: string; readonly promiseId: string; readonly paid: Money; readonly keptOn: IsoDate };
}
/** The promise's day (and its grace) passed short of the amount: a follow-up call, and the cadence goes on. */
export interface PromiseToPayBroken {
  readonly type: 'PromiseToPayBroken';
  readonly data: { readonly debtId: string; readonly promiseId: string; readonly amount: Money; readonly paid: Money; readonly dueOn: IsoDate; readonly asOf: IsoDate; readonly brokenAt: IsoInstant };
}

export type DebtContactEvent =
  | DebtTracked
  | CadenceStarted
  | StepSkipped
  | ContactDeferred
  | ContactBlocked
  | ContactSent
  | ContactFailed
  | CallTaskCreated
  | ContactDeliveryUpdated
  | CadencePaused
  | CadenceResumed
  | CadenceStopped
  | CadenceReopened
  | DebtOverdueNoted
  | DebtPaymentNoted
  | DebtPaymentReversalNoted
  | PromiseToPayMade
  | PromiseToPayKept
  | PromiseToPayBroken
  | ContactPointOptedOut;
