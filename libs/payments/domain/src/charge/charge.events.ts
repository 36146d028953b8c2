import type { IsoDate, IsoInstant, Money } from '@collections/shared-kernel';
import type { ChargeBoleto, ChargeCancelReason } from './charge.commands';

export interface ChargeIssued {
  readonly type: 'ChargeIssued';
  readonly data: {
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
    readonly issuedAt: IsoInstant;
    readonly issuedBy: string;
  };
}

export interface ChargePaid {
  readonly type: 'ChargePaid';
  readonly data: {
    readonly chargeId: string;
    readonly paymentId: string;
    readonly amount: Money;
    readonly paidOn: IsoDate;
    /** The payments so far cover the charge's amount. */
    readonly paidInFull: boolean;
    readonly paidAt: IsoInstant;
  };
}

export interface ChargePaymentReversed {
  readonly type: 'ChargePaymentReversed';
  readonly data: { readonly chargeId: string; readonly paymentId: string; readonly amount: Money; readonly reversedAt: IsoInstant };
}

export interface ChargeCancelled {
  readonly type: 'ChargeCancelled';
  readonly data: {
    readonly chargeId: string;
    readonly debtorId: string;
    readonly agreementId: string | null;
    readonly installment: number | null;
    readonly reason: ChargeCancelReason;
    readonly cancelledAt: IsoInstant;
    readonly cancelledBy: string;
  };
}

export interface ChargeExpired {
  readonly type: 'ChargeExpired';
  readonly data: { readonly chargeId: string; readonly dueDate: IsoDate; readonly expiredAt: IsoInstant };
}

export type ChargeEvent = ChargeIssued | ChargePaid | ChargePaymentReversed | ChargeCancelled | ChargeExpired;
