import type { ChargeView } from '../charges/charge.view';
import type { PaymentView } from '../payments/payment.view';
import type { BoletoValidation } from '../boletos/validate-boleto/validate-boleto.handler';

/** A proto Money to the REST shape (not set: undefined). */
export function moneyIn(value: unknown): unknown {
  const money = value as { amount?: unknown; currency?: unknown } | null | undefined;
  if (!money || money.currency === '' || money.currency === undefined) return undefined;
  return { amount: Number(money.amount ?? 0), currency: money.currency };
}

export function chargeOut(view: ChargeView) {
  return {
    chargeId: view.chargeId,
    status: view.status,
    debtorId: view.debtorId,
    debtIds: view.debtIds,
    agreementId: view.agreementId ?? '',
    installment: view.installment ?? 0,
    amount: view.amount,
    paid: view.paid,
    dueDate: view.dueDate,
    txid: view.txid,
    pixCopyPaste: view.pixCopyPaste,
    ...(view.boleto ? { boleto: view.boleto } : {}),
    payments: view.payments,
    issuedAt: view.issuedAt,
    version: view.version,
  };
}

export function paymentOut(view: PaymentView) {
  return { ...view, reference: view.reference ?? '', chargeId: view.chargeId ?? '' };
}

export function boletoValidationOut(result: BoletoValidation) {
  return result.valid ? { ...result, dueDate: result.dueDate ?? '', problems: [] } : { valid: false, problems: result.problems };
}
