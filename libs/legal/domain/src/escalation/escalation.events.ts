import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { LegalRuleCode } from '../legal-rule-code';

// Domain events of a debt's escalation (stream `escalation-<debtId>`). Names start with
// "Escalation" so they stay unique across the platform's contexts (the embedded transport
// maps domain events to integration events by type name).

/** The credit bureaus a debt is listed at (negativação). */
export type Bureau = 'serasa' | 'spc' | 'boavista';
export const BUREAUS: readonly Bureau[] = ['serasa', 'spc', 'boavista'];

/** Why the contacts context holds a debt (its `CadencePaused` v1 `kind`). */
export type HoldKind = 'deceased' | 'bankruptcy' | 'dispute' | 'agreement' | 'manual';

/**
 * What the other contexts say of the debt, as the legal context heard it: the debtors
 * context (registered ... written off) and the contacts context's holds (placed, released).
 */
export type DebtFact =
  /** `segment` picks the policy's override; absent on debts without one, and in events recorded before segments. */
  | { readonly kind: 'registered'; readonly debtorId: string; readonly dueDate: IsoDate; readonly segment?: string | undefined }
  | { readonly kind: 'overdue'; readonly earliestUnpaidDueDate: IsoDate; readonly daysPastDue: number; readonly asOf: IsoDate }
  | { readonly kind: 'settled'; readonly settledOn: IsoDate }
  | { readonly kind: 'reopened'; readonly reopenedOn: IsoDate }
  | { readonly kind: 'agreement-entered'; readonly agreementId: string; readonly on: IsoDate }
  | { readonly kind: 'agreement-left'; readonly agreementId: string }
  | { readonly kind: 'dispute-opened' }
  | { readonly kind: 'dispute-resolved'; readonly outcome: 'upheld' | 'rejected' }
  | { readonly kind: 'written-off' }
  | { readonly kind: 'hold-placed'; readonly holdId: string; readonly holdKind: HoldKind }
  | { readonly kind: 'hold-released'; readonly holdId: string };

export interface NoticeDelivery {
  readonly channel: 'letter' | 'email';
  readonly messageId: string;
  readonly contactPointId: string;
}

export type EscalationStep = 'notice' | 'listing' | 'protest' | 'lawsuit';

export interface EscalationDebtFactObserved {
  readonly type: 'EscalationDebtFactObserved';
  readonly data: { readonly debtId: string; readonly fact: DebtFact; readonly observedAt: IsoInstant };
}

export interface EscalationNoticeRequested {
  readonly type: 'EscalationNoticeRequested';
  readonly data: {
    readonly debtId: string;
    readonly noticeId: string;
    readonly debtorId: string;
    /** The balance on the day the notice was requested (read from the debtors API). */
    readonly amount: Money;
    /** The earliest unpaid due date. */
    readonly dueDate: IsoDate;
    /** The earliest listing date if the notice went out today; the real one counts from its sending. */
    readonly listingNotBefore: IsoDate;
    readonly noticePeriodDays: number;
    readonly policyVersion: number;
    readonly requestedAt: IsoInstant;
  };
}

export interface EscalationNoticeSent {
  readonly type: 'EscalationNoticeSent';
  readonly data: {
    readonly debtId: string;
    readonly noticeId: string;
    readonly sentAt: IsoInstant;
    readonly deliveries: readonly NoticeDelivery[];
    /** sentAt's date + the notice period: no listing before this day. */
    readonly listingNotBefore: IsoDate;
    readonly recordedAt: IsoInstant;
  };
}

export interface EscalationNoticeFailed {
  readonly type: 'EscalationNoticeFailed';
  readonly data: { readonly debtId: string; readonly noticeId: string; readonly reason: string; readonly failedAt: IsoInstant; readonly recordedAt: IsoInstant };
}

/** Evidence: a step did not happen, and the rule (with its article) that stopped it. */
export interface EscalationStepRefused {
  readonly type: 'EscalationStepRefused';
  readonly data: {
    readonly debtId: string;
    readonly step: EscalationStep;
    readonly rule: LegalRuleCode;
    readonly article: string;
    readonly detail: string;
    readonly byHand: boolean;
    readonly actor: string;
    readonly refusedAt: IsoInstant;
  };
}

export interface EscalationListingRequested {
  readonly type: 'EscalationListingRequested';
  readonly data: {
    readonly debtId: string;
    readonly debtorId: string;
    readonly bureaus: readonly Bureau[];
    readonly amount: Money;
    readonly dueDate: IsoDate;
    readonly noticeId: string;
    readonly byHand: boolean;
    readonly actor: string;
    readonly policyVersion: number;
    readonly requestedAt: IsoInstant;
  };
}

export interface EscalationBureauListed {
  readonly type: 'EscalationBureauListed';
  readonly data: { readonly debtId: string; readonly bureau: Bureau; readonly protocol: string; readonly listedAt: IsoInstant };
}

/** A bureau call that did not succeed after its bounded retries, or an answer refused as garbage. */
export interface EscalationBureauCallFailed {
  readonly type: 'EscalationBureauCallFailed';
  readonly data: {
    readonly debtId: string;
    readonly bureau: Bureau;
    readonly operation: 'list' | 'remove';
    readonly reason: string;
    readonly rule?: LegalRuleCode;
    readonly attempts: number;
    readonly failedAt: IsoInstant;
  };
}

export interface EscalationRemovalRequested {
  readonly type: 'EscalationRemovalRequested';
  readonly data: {
    readonly debtId: string;
    readonly bureaus: readonly Bureau[];
    /** expired: the debt reaches 5 years past due (CDC art. 43 §1): no negative record may outlive them. */
    readonly reason: 'settled' | 'agreement' | 'expired';
    /** The day of the payment or agreement the SLA counts from (for an expiry, the day the removal was asked). */
    readonly since: IsoDate;
    /** since + 5 business days (STJ Súmula 548), national and `calendarState` holidays skipped. */
    readonly slaDueOn: IsoDate;
    readonly requestedAt: IsoInstant;
  };
}

export interface EscalationBureauRemovalConfirmed {
  readonly type: 'EscalationBureauRemovalConfirmed';
  readonly data: { readonly debtId: string; readonly bureau: Bureau; readonly protocol: string; readonly confirmedAt: IsoInstant };
}

/** An alert: a removal not confirmed by every bureau by its SLA day. */
export interface EscalationRemovalSlaBreached {
  readonly type: 'EscalationRemovalSlaBreached';
  readonly data: { readonly debtId: string; readonly bureausPending: readonly Bureau[]; readonly slaDueOn: IsoDate; readonly detectedAt: IsoInstant };
}

export interface EscalationProtestRequested {
  readonly type: 'EscalationProtestRequested';
  readonly data: { readonly debtId: string; readonly protestId: string; readonly amount: Money; readonly dueDate: IsoDate; readonly actor: string; readonly requestedAt: IsoInstant };
}

/** The notary (cartório, through CENPROT) took the title in: its protocol. */
export interface EscalationProtestFiled {
  readonly type: 'EscalationProtestFiled';
  readonly data: { readonly debtId: string; readonly protestId: string; readonly protocol: string; readonly filedAt: IsoInstant };
}

export interface EscalationProtestNoticeServed {
  readonly type: 'EscalationProtestNoticeServed';
  readonly data: {
    readonly debtId: string;
    readonly protestId: string;
    readonly notifiedOn: IsoDate;
    /** notifiedOn + 3 business days (Lei 9.492/97 art. 12): the debtor may pay until then. */
    readonly payableUntil: IsoDate;
    readonly recordedAt: IsoInstant;
  };
}

export interface EscalationTitleProtested {
  readonly type: 'EscalationTitleProtested';
  readonly data: { readonly debtId: string; readonly protestId: string; readonly protocol: string; readonly protestedAt: IsoInstant };
}

export interface EscalationProtestCancellationRequested {
  readonly type: 'EscalationProtestCancellationRequested';
  readonly data: { readonly debtId: string; readonly protestId: string; readonly since: IsoDate; readonly requestedAt: IsoInstant };
}

export interface EscalationProtestCancelled {
  readonly type: 'EscalationProtestCancelled';
  readonly data: { readonly debtId: string; readonly protestId: string; readonly cancelledAt: IsoInstant };
}

export interface EscalationLawsuitHandedOff {
  readonly type: 'EscalationLawsuitHandedOff';
  readonly data: { readonly debtId: string; readonly lawFirm: string; readonly actor: string; readonly handedOffAt: IsoInstant };
}

export type EscalationEvent =
  | EscalationDebtFactObserved
  | EscalationNoticeRequested
  | EscalationNoticeSent
  | EscalationNoticeFailed
  | EscalationStepRefused
  | EscalationListingRequested
  | EscalationBureauListed
  | EscalationBureauCallFailed
  | EscalationRemovalRequested
  | EscalationBureauRemovalConfirmed
  | EscalationRemovalSlaBreached
  | EscalationProtestRequested
  | EscalationProtestFiled
  | EscalationProtestNoticeServed
  | EscalationTitleProtested
  | EscalationProtestCancellationRequested
  | EscalationProtestCancelled
  | EscalationLawsuitHandedOff;
