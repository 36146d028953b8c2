import type { Money, TenantId } from '@collections/shared-kernel';
import type { IsoDate, IsoInstant } from '@collections/shared-kernel';
import type { AgingBucket } from './aging';

// Events are facts, kept forever and never rewritten: plain JSON data, past-tense names,
// Money as { amount: centavos, currency }, dates as YYYY-MM-DD, instants as ISO UTC.
// Who caused each one (`actor`) travels in the event envelope, added by the handler.

export interface Installment {
  readonly number: number;
  readonly amount: Money;
  readonly dueDate: IsoDate;
}

export interface DebtRegistered {
  readonly type: 'DebtRegistered';
  readonly data: {
    readonly debtId: string;
    readonly tenantId: TenantId;
    readonly debtorId: string;
    readonly contractReference: string;
    readonly originalAmount: Money;
    readonly dueDate: IsoDate;
    /**
     * The payment schedule, ordered by number. A debt registered without one is a
     * single installment of the whole amount on `dueDate`, so that every rule has
     * one shape to work on.
     */
    readonly installments: readonly Installment[];
    /** Multa, charged once on what falls overdue; at most "0.02" (CDC art. 52 §1). */
    readonly lateFeeRate: string;
    /** Juros de mora per month, accrued pro rata die (a month counted as 30 days). */
    readonly monthlyInterestRate: string;
    /**
     * The order a payment pays what is owed, when the contract stipulates one (Código Civil
     * art. 354: "salvo estipulação em contrário"); absent: interest, then late fee, then principal.
     */
    readonly allocationOrder?: AllocationOrder;
    /**
     * The creditor's classification of the debt (e.g. "cartao", "veiculos"): it picks the
     * cadence, call script and negotiation policy other contexts apply, and is a reporting
     * dimension. Absent: the tenant's `default`.
     */
    readonly segment?: string;
    /** The portfolio (carteira) the debt was placed in, e.g. a creditor's batch; a reporting dimension. */
    readonly portfolio?: string;
    readonly registeredAt: IsoInstant;
  };
}

/** What a payment may pay on a debt; principal is always paid oldest installment first. */
export type AllocationPart = 'interest' | 'lateFee' | 'principal';
/** Each part once, in the order a payment pays them. */
export type AllocationOrder = readonly [AllocationPart, AllocationPart, AllocationPart];

export interface DebtBecameOverdue {
  readonly type: 'DebtBecameOverdue';
  readonly data: {
    readonly debtId: string;
    readonly asOf: IsoDate;
    /** Aging counts from here: the earliest due date still unpaid (not the run date). */
    readonly earliestUnpaidDueDate: IsoDate;
    readonly daysPastDue: number;
  };
}

export interface DebtAgingBucketChanged {
  readonly type: 'DebtAgingBucketChanged';
  readonly data: {
    readonly debtId: string;
    readonly from: AgingBucket;
    readonly to: AgingBucket;
    readonly daysPastDue: number;
    readonly asOf: IsoDate;
  };
}

/** Where a payment went. Every centavo is in one of these or in `overpayment`. */
export interface PaymentAllocation {
  readonly interest: Money;
  readonly lateFee: Money;
  readonly principal: Money;
}

export interface PaymentRecorded {
  readonly type: 'PaymentRecorded';
  readonly data: {
    readonly debtId: string;
    readonly paymentId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    /** As computed when recorded; `balanceAsOf` recomputes from paidOn order (back-dated payments). */
    readonly allocation: PaymentAllocation;
    /** Paid beyond what was owed: kept for a refund, never demanded (CDC art. 42). */
    readonly overpayment: Money;
    readonly recordedAt: IsoInstant;
  };
}

/**
 * A recorded payment was reversed or charged back: it leaves the ledger, and the balance
 * as of any date is computed as if it had never been made (interest runs on what it had
 * paid). Its id stays known, so a late redelivery of the payment does not record it again.
 */
export interface DebtPaymentReversed {
  readonly type: 'DebtPaymentReversed';
  readonly data: {
    readonly debtId: string;
    readonly paymentId: string;
    /** What the reversed payment had brought, as recorded. */
    readonly amount: Money;
    readonly paidOn: IsoDate;
    readonly reversedOn: IsoDate;
    readonly reason: 'reversal' | 'chargeback';
    readonly reversedAt: IsoInstant;
  };
}

/** A settled debt owes again because the payment that settled it was reversed. */
export interface DebtReopened {
  readonly type: 'DebtReopened';
  readonly data: {
    readonly debtId: string;
    readonly paymentId: string;
    readonly reopenedOn: IsoDate;
  };
}

/** A payment left no installment past due: the debt is current again. */
export interface DebtDelinquencyCured {
  readonly type: 'DebtDelinquencyCured';
  readonly data: {
    readonly debtId: string;
    readonly asOf: IsoDate;
    readonly paymentId: string;
  };
}

export interface DebtSettled {
  readonly type: 'DebtSettled';
  readonly data: {
    readonly debtId: string;
    /** The date the balance reached zero, payments taken in paidOn order. */
    readonly settledOn: IsoDate;
    /** The payment whose recording completed it; absent when an agreement's fulfilment did. */
    readonly paymentId?: string;
    /**
     * Settled by an agreement whose every installment was paid (the agreement replaced the
     * debt, novação): what was still owed on `settledOn`, after that day's payments, is
     * waived, as the discount the agreement granted.
     */
    readonly agreement?: { readonly agreementId: string; readonly waived: Money };
  };
}

export interface DisputeOpened {
  readonly type: 'DisputeOpened';
  readonly data: {
    readonly debtId: string;
    readonly reason: string;
    readonly openedAt: IsoInstant;
  };
}

export type DisputeOutcome = 'upheld' | 'rejected';

export interface DisputeResolved {
  readonly type: 'DisputeResolved';
  readonly data: {
    readonly debtId: string;
    readonly outcome: DisputeOutcome;
    readonly resolvedAt: IsoInstant;
  };
}

/**
 * `dispute_upheld`: the debt is cancelled, nothing was owed (its balance is zero and any
 * payment is to be refunded). `creditor_decision`: a loss for the creditor; the amount is
 * still legally owed and a later payment may still settle it.
 */
export type WriteOffReason = 'dispute_upheld' | 'creditor_decision';

export interface DebtWrittenOff {
  readonly type: 'DebtWrittenOff';
  readonly data: {
    readonly debtId: string;
    readonly reason: WriteOffReason;
    readonly note: string | null;
    readonly writtenOffAt: IsoInstant;
  };
}

export interface DebtEnteredAgreement {
  readonly type: 'DebtEnteredAgreement';
  readonly data: {
    readonly debtId: string;
    readonly agreementId: string;
    readonly enteredAt: IsoInstant;
  };
}

export interface DebtLeftAgreement {
  readonly type: 'DebtLeftAgreement';
  readonly data: {
    readonly debtId: string;
    readonly agreementId: string;
    readonly reason: string;
    readonly leftAt: IsoInstant;
  };
}

export type DebtEvent =
  | DebtRegistered
  | DebtBecameOverdue
  | DebtAgingBucketChanged
  | PaymentRecorded
  | DebtPaymentReversed
  | DebtReopened
  | DebtDelinquencyCured
  | DebtSettled
  | DisputeOpened
  | DisputeResolved
  | DebtWrittenOff
  | DebtEnteredAgreement
  | DebtLeftAgreement;
