import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';

/** The boleto of a charge, as the tenant's bank layout numbered it. */
export interface ChargeBoleto {
  readonly bankCode: string;
  readonly nossoNumero: string;
  /** 44 digits. */
  readonly barcode: string;
  /** 47 digits (linha digitável). */
  readonly line: string;
}

/**
 * A charge (cobrança) for one debt, or for one installment of an agreement over several
 * debts: a dynamic PIX with its txid, and a boleto when the tenant has a bank agreement.
 * The documents are built by the caller (pure functions of this lib) and carried in.
 */
export interface IssueCharge {
  readonly type: 'IssueCharge';
  readonly chargeId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly amount: Money;
  readonly dueDate: IsoDate;
  readonly txid: string;
  readonly pixCopyPaste: string;
  readonly boleto: ChargeBoleto | null;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** A payment was applied against the charge (the payment's own stream holds its allocation). */
export interface RecordChargePayment {
  readonly type: 'RecordChargePayment';
  readonly chargeId: string;
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
  readonly now: IsoInstant;
}

/** A payment on the charge was reversed or charged back: what it paid is open again. */
export interface ReverseChargePayment {
  readonly type: 'ReverseChargePayment';
  readonly chargeId: string;
  readonly paymentId: string;
  readonly now: IsoInstant;
}

export type ChargeCancelReason = 'agreement_broken' | 'agreement_cancelled' | 'requested';

export interface CancelCharge {
  readonly type: 'CancelCharge';
  readonly chargeId: string;
  readonly reason: ChargeCancelReason;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** The due date (and the grace after it) passed unpaid: the PIX and boleto are not to be paid any more. */
export interface ExpireCharge {
  readonly type: 'ExpireCharge';
  readonly chargeId: string;
  /** Today in Brazil (the due date is a Brazilian business date; UTC's is a day ahead in the evening). */
  readonly today: IsoDate;
  /** Days after the due date the charge stays payable (an agreement's tolerance). */
  readonly graceDays: number;
  readonly now: IsoInstant;
}

export type ChargeCommand = IssueCharge | RecordChargePayment | ReverseChargePayment | CancelCharge | ExpireCharge;
