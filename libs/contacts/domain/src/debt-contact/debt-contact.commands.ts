import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { RuleReference } from '../channel';
import type { ContactChannel } from '../compliance/contact-rule';
import type { CadenceStep } from '../cadence/cadence.events';
import type { DeliveryStatus, HoldKind, StopReason } from './debt-contact.events';

interface DebtContactCommandBase {
  readonly debtId: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export interface TrackDebt extends DebtContactCommandBase {
  readonly type: 'TrackDebt';
  readonly debtorId: string;
  readonly dueDate: IsoDate;
  readonly originalAmount: Money;
}

export interface StartCadence extends DebtContactCommandBase {
  readonly type: 'StartCadence';
  readonly cadenceId: string;
  readonly version: number;
}

/**
 * What happened to a step when it came due: the scheduler asks the contact policy and the
 * channel, then records the outcome here (in the same transaction, holding the stream).
 */
export type StepOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'deferred'; readonly until: IsoInstant; readonly rule: RuleReference }
  | { readonly kind: 'blocked'; readonly rule: RuleReference }
  | { readonly kind: 'sent'; readonly messageId: string; readonly contactPointId: string; readonly providerMessageId: string }
  | { readonly kind: 'failed'; readonly messageId: string; readonly retryable: boolean; readonly reason: string }
  | { readonly kind: 'call-task'; readonly taskId: string };

export interface RecordStepOutcome extends DebtContactCommandBase {
  readonly type: 'RecordStepOutcome';
  readonly step: CadenceStep;
  readonly cadenceVersion: number;
  readonly outcome: StepOutcome;
}

export interface RecordDelivery extends DebtContactCommandBase {
  readonly type: 'RecordDelivery';
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly reason: string | null;
}

export interface PlaceHold extends DebtContactCommandBase {
  readonly type: 'PlaceHold';
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly reason: string;
}

export interface ReleaseHold extends DebtContactCommandBase {
  readonly type: 'ReleaseHold';
  readonly holdId: string;
}

export interface StopCadence extends DebtContactCommandBase {
  readonly type: 'StopCadence';
  readonly reason: StopReason;
}

/** An inbound message said "pare" (or any opt-out words) from this contact point. */
export interface NoteOptOut extends DebtContactCommandBase {
  readonly type: 'NoteOptOut';
  readonly contactPointId: string;
  readonly channel: ContactChannel;
  readonly phrase: string;
}

export interface NoteOverdue extends DebtContactCommandBase {
  readonly type: 'NoteOverdue';
  readonly asOf: IsoDate;
}

export interface NotePayment extends DebtContactCommandBase {
  readonly type: 'NotePayment';
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
}

/** A payment the debtors context had recorded was reversed or charged back: it is owed again. */
export interface NotePaymentReversal extends DebtContactCommandBase {
  readonly type: 'NotePaymentReversal';
  readonly paymentId: string;
  readonly reversedOn: IsoDate;
}

/** The debtors context reopened a settled debt (the payment that settled it was reversed). */
export interface ReopenCadence extends DebtContactCommandBase {
  readonly type: 'ReopenCadence';
  readonly reopenedOn: IsoDate;
}

/**
 * The debtor promised, on a call, to pay `amount` by `dueOn` (a promessa de pagamento):
 * the cadence waits for it; payments dated from `madeOn` to `dueOn` count towards it.
 */
export interface RecordPromise extends DebtContactCommandBase {
  readonly type: 'RecordPromise';
  readonly promiseId: string;
  /** The call task whose outcome it was. */
  readonly taskId: string;
  readonly amount: Money;
  readonly madeOn: IsoDate;
  readonly dueOn: IsoDate;
}

/** Sent by the promise deadline: on `asOf`, after the promise's day and its grace, is it kept? */
export interface CheckPromise extends DebtContactCommandBase {
  readonly type: 'CheckPromise';
  readonly promiseId: string;
  readonly asOf: IsoDate;
}

export type DebtContactCommand =
  | TrackDebt
  | StartCadence
  | RecordStepOutcome
  | RecordDelivery
  | PlaceHold
  | ReleaseHold
  | StopCadence
  | ReopenCadence
  | NoteOverdue
  | NotePayment
  | NotePaymentReversal
  | RecordPromise
  | CheckPromise
  | NoteOptOut;
