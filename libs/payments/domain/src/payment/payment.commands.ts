import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { DebtOwed } from './allocation';

export type PaymentMethod = 'pix' | 'boleto' | 'card' | 'ted' | 'manual';

/** What a payment pays: a charge, with the debts it covers and what each owes on the payment date. */
export interface PaymentTarget {
  readonly chargeId: string;
  readonly debtorId: string;
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly debts: readonly DebtOwed[];
}

/**
 * Money arrived (PIX notification, boleto settlement in a return file, TED, by hand).
 * With a target it is allocated at once; without one (a txid or nosso número no charge
 * has) it is parked for reconciliation, never dropped.
 */
export interface ReceivePayment {
  readonly type: 'ReceivePayment';
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
  readonly method: PaymentMethod;
  /** What the payer's side quoted (txid, nosso número, statement id), kept for the clerk. */
  readonly reference: string | null;
  readonly target: PaymentTarget | null;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** A parked payment matched to a charge by hand. */
export interface MatchPayment {
  readonly type: 'MatchPayment';
  readonly paymentId: string;
  readonly target: PaymentTarget;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type ReversalKind = 'reversal' | 'chargeback';

/** The money went back (devolução, MED, chargeback): what the payment paid is owed again. */
export interface ReversePayment {
  readonly type: 'ReversePayment';
  readonly paymentId: string;
  readonly kind: ReversalKind;
  readonly reversedOn: IsoDate;
  readonly reason: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type PaymentCommand = ReceivePayment | MatchPayment | ReversePayment;
