import type { IsoDate, IsoInstant, Money, TenantId } from '@collections/shared-kernel';

// Events are facts, kept forever: plain JSON, past-tense names. Stream
// `agreement-<agreementId>`. AgreementEntered and the three endings (broken, fulfilled,
// cancelled) carry the agreement's scope (agreementId, debtorId, debtIds) and their instant,
// so they map one to one onto the published AgreementEntered / AgreementEnded v1.

export interface AgreementInstallment {
  readonly number: number;
  readonly dueDate: IsoDate;
  readonly amount: Money;
}

interface AgreementScope {
  readonly agreementId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
}

export interface AgreementEntered {
  readonly type: 'AgreementEntered';
  readonly data: AgreementScope & {
    readonly tenantId: TenantId;
    readonly offerId: string;
    readonly schedule: readonly AgreementInstallment[];
    readonly total: Money;
    /** The financing rate of the schedule: early settlement takes it off what is not yet due. */
    readonly monthlyInterestRate: string;
    readonly toleranceDays: number;
    readonly renegotiationCount: number;
    readonly renegotiates: string | null;
    readonly enteredAt: IsoInstant;
  };
}

export interface InstallmentChargeRequested {
  readonly type: 'InstallmentChargeRequested';
  readonly data: AgreementScope & {
    readonly installment: number;
    readonly dueDate: IsoDate;
    /** What is still owed on it (a partial payment already made is not charged again). */
    readonly amount: Money;
    readonly requestedAt: IsoInstant;
  };
}

export interface PaymentAllocation {
  readonly installment: number;
  readonly amount: Money;
  /** Taken off by an early settlement (CDC art. 52 §2); zero otherwise. */
  readonly waived: Money;
}

/**
 * A payment applied to the agreement, oldest installment first. Every centavo is in an
 * allocation or in `surplus`: money beyond the agreement (or arriving after it ended) is
 * kept for a refund or another debt, never lost.
 */
export interface InstallmentPaid {
  readonly type: 'InstallmentPaid';
  readonly data: {
    readonly agreementId: string;
    readonly paymentId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    readonly allocations: readonly PaymentAllocation[];
    readonly surplus: Money;
    /** True when it paid off the agreement at an early-settlement quote. */
    readonly earlySettlement: boolean;
    readonly recordedAt: IsoInstant;
  };
}

export interface InstallmentOverdue {
  readonly type: 'InstallmentOverdue';
  readonly data: {
    readonly agreementId: string;
    readonly installment: number;
    readonly dueDate: IsoDate;
    readonly outstanding: Money;
    readonly asOf: IsoDate;
  };
}

export interface EarlySettlementQuoted {
  readonly type: 'EarlySettlementQuoted';
  readonly data: {
    readonly agreementId: string;
    readonly asOf: IsoDate;
    readonly validUntil: IsoDate;
    /** Per unpaid installment: what settles it now, and what is taken off. */
    readonly installments: readonly { readonly installment: number; readonly amount: Money; readonly waived: Money }[];
    readonly amount: Money;
    readonly waived: Money;
    readonly quotedAt: IsoInstant;
  };
}

export interface AgreementBroken {
  readonly type: 'AgreementBroken';
  readonly data: AgreementScope & {
    /** The earliest installment unpaid past the tolerance. */
    readonly unpaidInstallment: number;
    readonly asOf: IsoDate;
    /** What was paid stays allocated to its installments. */
    readonly paid: Money;
    readonly outstanding: Money;
    readonly renegotiationCount: number;
    readonly endedAt: IsoInstant;
  };
}

export interface AgreementFulfilled {
  readonly type: 'AgreementFulfilled';
  readonly data: AgreementScope & { readonly fulfilledOn: IsoDate; readonly earlySettlement: boolean; readonly endedAt: IsoInstant };
}

export interface AgreementCancelled {
  readonly type: 'AgreementCancelled';
  readonly data: AgreementScope & { readonly cancelledBy: 'debtor' | 'creditor'; readonly reason: string; readonly endedAt: IsoInstant };
}

/**
 * What other contexts learn of any ending, recorded right after the ending itself
 * (broken, fulfilled, cancelled) in the same append: the published AgreementEnded v1 is
 * this event as it is, and the embedded transport maps it by its type name.
 */
export interface AgreementEnded {
  readonly type: 'AgreementEnded';
  readonly data: AgreementScope & { readonly endedAt: IsoInstant } & (
      | { readonly reason: 'broken'; readonly unpaidInstallment: number }
      | { readonly reason: 'completed' }
      | { readonly reason: 'cancelled'; readonly cancelledBy: 'debtor' | 'creditor' }
    );
}

export type AgreementEvent =
  | AgreementEntered
  | InstallmentChargeRequested
  | InstallmentPaid
  | InstallmentOverdue
  | EarlySettlementQuoted
  | AgreementBroken
  | AgreementFulfilled
  | AgreementCancelled
  | AgreementEnded;
