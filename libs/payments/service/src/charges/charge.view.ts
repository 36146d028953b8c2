import { Money } from '@collections/shared-kernel';
import { formatLinhaDigitavel, paidOnCharge, type ChargeState } from '@collections/payments-domain';

export interface ChargeView {
  readonly chargeId: string;
  readonly status: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly amount: Money;
  readonly paid: Money;
  readonly dueDate: string;
  readonly txid: string;
  /** The BR Code to paste in a banking app (copia e cola); the QR code is at `/charges/{id}/qr.png`. */
  readonly pixCopyPaste: string;
  readonly boleto: { readonly bankCode: string; readonly nossoNumero: string; readonly line: string; readonly formattedLine: string; readonly barcode: string } | null;
  readonly payments: readonly { readonly paymentId: string; readonly amount: Money }[];
  readonly issuedAt: string;
  readonly version: number;
}

export function chargeViewOf(state: ChargeState, version: number): ChargeView | undefined {
  if (state.status === 'none') return undefined;
  const t = state.terms;
  return {
    chargeId: t.chargeId,
    status: state.status,
    debtorId: t.debtorId,
    debtIds: t.debtIds,
    agreementId: t.agreementId,
    installment: t.installment,
    amount: t.amount,
    paid: Money.of(paidOnCharge(state), t.amount.currency),
    dueDate: t.dueDate,
    txid: t.txid,
    pixCopyPaste: t.pixCopyPaste,
    boleto: t.boleto && { ...t.boleto, formattedLine: formatLinhaDigitavel(t.boleto.line) },
    payments: state.payments,
    issuedAt: t.issuedAt,
    version,
  };
}
