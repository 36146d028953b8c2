import { Cnpj, Cpf, TaxId, type IsoDate, type Money } from '@collections/shared-kernel';

const CURRENCY_SYMBOL: Record<Money['currency'], string> = { BRL: 'R$', USD: 'US$' };

/**
 * "R$ 1.234,56": integer arithmetic on centavos (no floating point), thousands with a
 * dot and a decimal comma. A plain space after the symbol, not Intl's U+00A0: the text
 * goes to SMS, where a no-break space is outside GSM-7 and turns the message into UCS-2
 * (70 characters a segment instead of 160).
 */
export function formatMoneyPtBr(money: Money): string {
  const negative = money.amount < 0;
  const centavos = Math.abs(money.amount);
  const units = Math.trunc(centavos / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (centavos % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${CURRENCY_SYMBOL[money.currency]} ${units},${cents}`;
}

/** "2026-03-01" -> "01/03/2026" (dd/mm/aaaa). A calendar date has no time zone to convert. */
export function formatDatePtBr(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** CPF as 000.000.000-00, CNPJ as 00.000.000/0000-00, check digits verified. */
export function formatTaxIdPtBr(value: string, field = 'taxId'): string {
  const taxId = TaxId.parse(value, field);
  return taxId.kind === 'cpf' ? Cpf.format(taxId.value) : Cnpj.format(taxId.value);
}
