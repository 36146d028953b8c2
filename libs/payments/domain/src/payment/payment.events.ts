import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { Allocation } from './allocation';
import type { PaymentMethod, ReversalKind } from './payment.commands';

export interface PaymentReceived {
  readonly type: 'PaymentReceived';
  readonly data: {
    readonly paymentId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    readonly method: PaymentMethod;
    readonly reference: string | null;
    /** Null: no charge is known for the reference (see PaymentParked). */
    readonly chargeId: string | null;
    readonly debtorId: string | null;
    readonly agreementId: string | null;
    readonly installment: number | null;
    readonly receivedAt: IsoInstant;
  };
}

/**
 * No charge was found for the payment: kept whole until a clerk matches it. It is not
 * "received" for the other contexts yet (no PaymentReceived): what it pays is unknown, and
 * a PaymentReceived without its agreement would never reach the agreement it pays. The
 * match publishes it, once, with its charge.
 */
export interface PaymentParked {
  readonly type: 'PaymentParked';
  readonly data: {
    readonly paymentId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    readonly method: PaymentMethod;
    readonly reference: string | null;
    readonly reason: 'unknown_reference';
    readonly parkedAt: IsoInstant;
  };
}

export interface PaymentMatched {
  readonly type: 'PaymentMatched';
  readonly data: {
    readonly paymentId: string;
    readonly chargeId: string;
    readonly debtorId: string;
    readonly agreementId: string | null;
    readonly installment: number | null;
    readonly matchedAt: IsoInstant;
    readonly matchedBy: string;
  };
}

/** One per payment and debt (the debtors context records it on the debt). */
export interface PaymentAllocated {
  readonly type: 'PaymentAllocated';
  readonly data: {
    readonly paymentId: string;
    readonly debtId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    readonly agreementId: string | null;
    readonly installment: number | null;
    readonly allocatedAt: IsoInstant;
  };
}

/** What was paid beyond what the debts owed: the debtor's, to refund or to apply. */
export interface CreditCreated {
  readonly type: 'CreditCreated';
  readonly data: { readonly paymentId: string; readonly debtorId: string; readonly amount: Money; readonly createdAt: IsoInstant };
}

export interface PaymentReversed {
  readonly type: 'PaymentReversed';
  readonly data: {
    readonly paymentId: string;
    readonly kind: ReversalKind;
    readonly reason: string;
    readonly reversedOn: IsoDate;
    readonly amount: Money;
    readonly chargeId: string | null;
    /** Exactly what the payment had paid on each debt: owed again from `reversedOn`. */
    readonly allocations: readonly Allocation[];
    /** The credit the payment had made, withdrawn. */
    readonly creditReleased: Money;
    /** What had been parked (never allocated), returned. */
    readonly unallocatedReleased: Money;
    readonly reversedAt: IsoInstant;
    readonly reversedBy: string;
  };
}

/**
 * A parked payment's money went back before any clerk matched it: it was never received
 * for the other contexts, so its return is private too (nothing of any debt changes).
 */
export interface ParkedPaymentReturned {
  readonly type: 'ParkedPaymentReturned';
  readonly data: {
    readonly paymentId: string;
    readonly kind: ReversalKind;
    readonly reason: string;
    readonly returnedOn: IsoDate;
    readonly amount: Money;
    readonly returnedAt: IsoInstant;
    readonly returnedBy: string;
  };
}

export type PaymentEvent = PaymentReceived | PaymentParked | PaymentMatched | PaymentAllocated | CreditCreated | PaymentReversed | ParkedPaymentReturned;
