import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { LegalRuleCode } from '../legal-rule-code';
import type { EscalationPolicy } from '../policy/escalation-policy';
import type { Bureau, DebtFact, NoticeDelivery } from './escalation.events';

// Typed commands: every field was parsed at its edge (request parser, consumer, bureau
// adapter). Time arrives as `now` (and `today`, the calendar date deadlines are judged on).

declare const debtIdBrand: unique symbol;
/** A debt's id (the debtors context's), a lower-case UUID. */
export type DebtId = string & { readonly [debtIdBrand]: true };

/** The debt as the debtors API answers today: who owes it and its balance. */
export interface DebtSnapshot {
  readonly debtorId: string;
  readonly balance: Money;
}

interface Timed {
  readonly debtId: DebtId;
  readonly now: IsoInstant;
}

export interface ObserveDebtFact extends Timed {
  readonly type: 'ObserveDebtFact';
  readonly fact: DebtFact;
  /** The tenant's policy, if set: it says whether an agreement removes a listing and the SLA calendar. */
  readonly policy: EscalationPolicy | undefined;
}

/** The process manager's tick: requests the prior notice when the trigger is reached. */
export interface EvaluateEscalation extends Timed {
  readonly type: 'EvaluateEscalation';
  readonly today: IsoDate;
  readonly policy: EscalationPolicy;
  readonly noticeId: string;
  readonly debt: DebtSnapshot;
}

export interface RecordNoticeSent extends Timed {
  readonly type: 'RecordNoticeSent';
  readonly noticeId: string;
  readonly sentAt: IsoInstant;
  readonly deliveries: readonly NoticeDelivery[];
}

export interface RecordNoticeFailed extends Timed {
  readonly type: 'RecordNoticeFailed';
  readonly noticeId: string;
  readonly reason: string;
  readonly failedAt: IsoInstant;
}

/** A listing at the bureaus: automatic when the notice period ends, or asked by hand. */
export interface RequestListing extends Timed {
  readonly type: 'RequestListing';
  readonly today: IsoDate;
  readonly policy: EscalationPolicy;
  readonly bureaus: readonly Bureau[];
  readonly debt: DebtSnapshot;
  readonly byHand: boolean;
  readonly actor: string;
}

export interface RecordBureauListed extends Timed {
  readonly type: 'RecordBureauListed';
  readonly bureau: Bureau;
  readonly protocol: string;
}

export interface RecordBureauCallFailed extends Timed {
  readonly type: 'RecordBureauCallFailed';
  readonly bureau: Bureau;
  readonly operation: 'list' | 'remove';
  readonly reason: string;
  readonly garbage: boolean;
  readonly attempts: number;
  /** The rule that kept the call from being made (a payment, agreement or dispute recorded before it). */
  readonly rule?: LegalRuleCode;
}

export interface RecordRemovalConfirmed extends Timed {
  readonly type: 'RecordRemovalConfirmed';
  readonly bureau: Bureau;
  readonly protocol: string;
}

export interface CheckRemovalSla extends Timed {
  readonly type: 'CheckRemovalSla';
  readonly today: IsoDate;
}

/** The listing's age check: a listing is removed before the debt is 5 years past due. */
export interface CheckListingAge extends Timed {
  readonly type: 'CheckListingAge';
  readonly today: IsoDate;
  readonly policy: EscalationPolicy;
}

export interface RequestProtest extends Timed {
  readonly type: 'RequestProtest';
  readonly today: IsoDate;
  readonly policy: EscalationPolicy;
  readonly protestId: string;
  readonly debt: DebtSnapshot;
  readonly byHand: boolean;
  readonly actor: string;
}

export interface RecordProtestFiled extends Timed {
  readonly type: 'RecordProtestFiled';
  readonly protocol: string;
}

export interface RecordProtestNotified extends Timed {
  readonly type: 'RecordProtestNotified';
  readonly notifiedOn: IsoDate;
  readonly policy: EscalationPolicy;
}

export interface RecordTitleProtested extends Timed {
  readonly type: 'RecordTitleProtested';
  readonly today: IsoDate;
  readonly protocol: string;
}

export interface RecordProtestCancelled extends Timed {
  readonly type: 'RecordProtestCancelled';
}

export interface HandOffToLawsuit extends Timed {
  readonly type: 'HandOffToLawsuit';
  readonly lawFirm: string;
  readonly actor: string;
}

export type EscalationCommand =
  | ObserveDebtFact
  | EvaluateEscalation
  | RecordNoticeSent
  | RecordNoticeFailed
  | RequestListing
  | RecordBureauListed
  | RecordBureauCallFailed
  | RecordRemovalConfirmed
  | CheckRemovalSla
  | CheckListingAge
  | RequestProtest
  | RecordProtestFiled
  | RecordProtestNotified
  | RecordTitleProtested
  | RecordProtestCancelled
  | HandOffToLawsuit;
