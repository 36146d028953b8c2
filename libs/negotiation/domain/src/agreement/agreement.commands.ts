import type { Money } from '@collections/shared-kernel';
import type { OfferTerms } from '../offer/compute-offer';

// Commands carry raw input from a transport or a deadline; the decider validates it.

interface AgreementCommandBase {
  readonly agreementId: string;
  readonly now: string;
  /** Who asks (user id, `debtor:<id>`, `system:<component>`): goes to the envelope. */
  readonly actor: string;
}

/** Sent when an offer is accepted: its terms become the agreement's schedule. */
export interface EnterAgreement extends AgreementCommandBase {
  readonly type: 'EnterAgreement';
  readonly tenantId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly offerId: string;
  readonly terms: OfferTerms;
  /** The policy's tolerance after a due date before the agreement breaks (default 5 days). */
  readonly toleranceDays: number;
  /**
   * 0 for a first agreement; a renegotiation of a broken agreement carries its count + 1,
   * refused above the policy's limit.
   */
  readonly renegotiationCount: number;
  readonly renegotiationLimit: number;
  readonly renegotiates?: string;
}

export interface RequestInstallmentCharge extends AgreementCommandBase {
  readonly type: 'RequestInstallmentCharge';
  readonly installment: number;
}

/** Money received for the agreement (PIX, boleto, card...). The payment id is the idempotency key. */
export interface RecordAgreementPayment extends AgreementCommandBase {
  readonly type: 'RecordAgreementPayment';
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: string;
}

/** The deadline scheduled for the day after each due date and after each tolerance. */
export interface CheckInstallments extends AgreementCommandBase {
  readonly type: 'CheckInstallments';
  readonly asOf: string;
}

export interface CancelAgreement extends AgreementCommandBase {
  readonly type: 'CancelAgreement';
  readonly cancelledBy: 'debtor' | 'creditor';
  readonly reason: string;
}

/** The debtor asks to pay off the rest at once, with the interest of what is not yet due taken off. */
export interface QuoteEarlySettlement extends AgreementCommandBase {
  readonly type: 'QuoteEarlySettlement';
  readonly asOf: string;
  /** The last day a payment settles at the quoted amount; default `asOf`. */
  readonly validUntil?: string;
}

export type AgreementCommand = EnterAgreement | RequestInstallmentCharge | RecordAgreementPayment | CheckInstallments | CancelAgreement | QuoteEarlySettlement;
