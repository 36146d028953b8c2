import { Money, ValidationError, parseIsoDate, validateAll, type FieldViolation, type IsoDate } from '@collections/shared-kernel';
import { boletoMod11, mod10 } from './boleto-check-digits';
import { dueDateFactor, dueDateFromFactor } from './due-date-factor';

/**
 * Boleto de cobrança (Carta-Circular BCB 2.926/2000, FEBRABAN). The 44-digit barcode:
 *
 *   1-3 bank (COMPE) | 4 currency (9 = real) | 5 general check digit (mod 11)
 *   6-9 due-date factor | 10-19 amount in centavos | 20-44 free field (the bank's own layout)
 *
 * The 47-digit linha digitável the payer types regroups it into five fields:
 *
 *   1: bank, currency, free field 1-5, mod-10 digit    2: free field 6-15, mod-10 digit
 *   3: free field 16-25, mod-10 digit                  4: the general check digit
 *   5: factor and amount
 */

/** The only currency code in use: 9, the real. */
export type BoletoCurrency = '9';
/** The amount field holds 10 digits of centavos: at most R$ 99.999.999,99. */
export const BOLETO_AMOUNT_MAX = 9_999_999_999;

export interface BoletoBarcodeInput {
  /** The bank's three-digit COMPE code, e.g. "001" (Banco do Brasil). */
  readonly bankCode: string;
  readonly currency: BoletoCurrency;
  readonly dueDate: IsoDate;
  readonly amount: Money;
  /** 25 digits in the layout of the bank and wallet (see BankLayout). */
  readonly freeField: string;
}

export function boletoBarcode(input: BoletoBarcodeInput): string {
  const checked = validateAll({
    bankCode: () => digits(input.bankCode, 'bankCode', 3),
    currency: () => {
      if (input.currency !== '9') throw ValidationError.of('currency', 'must be 9 (real), the only currency code in use');
      return input.currency;
    },
    factor: () => dueDateFactor(input.dueDate, 'dueDate'),
    amount: () => boletoAmount(input.amount, 'amount'),
    freeField: () => digits(input.freeField, 'freeField', 25),
  });
  const withoutDigit = checked.bankCode + checked.currency + checked.factor + checked.amount + checked.freeField;
  return insertGeneralDigit(withoutDigit);
}

/** The linha digitável of a valid barcode, unformatted (47 digits). */
export function linhaDigitavel(barcode: string): string {
  const code = checkedBarcode(barcode, 'barcode');
  const field1 = code.slice(0, 4) + code.slice(19, 24);
  const field2 = code.slice(24, 34);
  const field3 = code.slice(34, 44);
  return field1 + mod10(field1) + field2 + mod10(field2) + field3 + mod10(field3) + code[4] + code.slice(5, 19);
}

/** The barcode of a linha digitável (dots and spaces allowed), after checking every check digit. */
export function barcodeFromLinha(line: string): string {
  return checkedLine(line, 'line').barcode;
}

/** "00190.00009 01149.718601 68524.522114 6 75860000102656", the way banks print it. */
export function formatLinhaDigitavel(line: string): string {
  const l = checkedLine(line, 'line').line;
  return `${l.slice(0, 5)}.${l.slice(5, 10)} ${l.slice(10, 15)}.${l.slice(15, 21)} ${l.slice(21, 26)}.${l.slice(26, 32)} ${l[32]} ${l.slice(33)}`;
}

export interface ParsedBoleto {
  readonly line: string;
  readonly barcode: string;
  readonly bankCode: string;
  readonly currency: BoletoCurrency;
  readonly dueDateFactor: string;
  /** Null when the factor is 0000 (no due date). */
  readonly dueDate: IsoDate | null;
  /** Zero when the boleto leaves the amount to the payer. */
  readonly amount: Money;
  readonly freeField: string;
}

/**
 * Reads what a payer typed (or pasted, with dots and spaces): 47 digits of a linha
 * digitável, or the 44 of a scanned barcode. Every check digit is verified and a wrong one
 * named (ValidationError on `field`: "field 2's check digit ..."), so the payer knows which
 * group to retype. `referenceDate` (usually today) picks the cycle of the due-date factor.
 */
export function parseBoletoLine(userTyped: unknown, options: { readonly referenceDate: IsoDate }, field = 'line'): ParsedBoleto {
  const referenceDate = parseIsoDate(options.referenceDate, 'referenceDate');
  const text = typeof userTyped === 'string' ? userTyped.replace(/[\s.]/g, '') : '';
  const { line, barcode } = text.length === 44 ? fromBarcode(text, field) : checkedLine(userTyped, field);
  if (barcode[3] !== '9') throw ValidationError.of(field, `currency code ${barcode[3]} is not 9 (real)`);
  const factor = barcode.slice(5, 9);
  return {
    line,
    barcode,
    bankCode: barcode.slice(0, 3),
    currency: '9',
    dueDateFactor: factor,
    dueDate: dueDateFromFactor(factor, referenceDate, field),
    amount: Money.of(Number(barcode.slice(9, 19))),
    freeField: barcode.slice(19),
  };
}

function fromBarcode(text: string, field: string): { line: string; barcode: string } {
  if (text.startsWith('8')) throw ValidationError.of(field, 'is an arrecadação slip (utilities, taxes), not a boleto de cobrança');
  const barcode = checkedBarcode(text, field);
  return { line: linhaDigitavel(barcode), barcode };
}

function checkedLine(value: unknown, field: string): { line: string; barcode: string } {
  if (typeof value !== 'string' || !/^[\d\s.]+$/.test(value)) throw ValidationError.of(field, 'must hold only digits, dots and spaces');
  const line = value.replace(/[\s.]/g, '');
  if (line.startsWith('8') && line.length === 48) throw ValidationError.of(field, 'is an arrecadação slip (utilities, taxes), not a boleto de cobrança');
  if (line.length !== 47) throw ValidationError.of(field, `must have 47 digits, has ${line.length}`);
  const fields = [
    { name: 'field 1', digits: line.slice(0, 9), typed: line[9]! },
    { name: 'field 2', digits: line.slice(10, 20), typed: line[20]! },
    { name: 'field 3', digits: line.slice(21, 31), typed: line[31]! },
  ];
  const wrong: FieldViolation[] = fields
    .filter((f) => String(mod10(f.digits)) !== f.typed)
    .map((f) => ({ field, message: `${f.name}'s check digit does not match (typed ${f.typed}, expected ${mod10(f.digits)}): retype ${f.name}` }));
  // A digit mistyped in fields 1-3 also breaks the general digit: name only the field.
  if (wrong.length > 0) throw new ValidationError(wrong);
  const barcode = line.slice(0, 4) + line[32] + line.slice(33, 47) + line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31);
  const expected = generalDigit(barcode);
  if (String(expected) !== barcode[4]) {
    throw ValidationError.of(field, `the general check digit (field 4) does not match (typed ${barcode[4]}, expected ${expected}): retype fields 4 and 5`);
  }
  return { line, barcode };
}

function checkedBarcode(value: unknown, field: string): string {
  const code = digits(value, field, 44);
  const expected = generalDigit(code);
  if (String(expected) !== code[4]) throw ValidationError.of(field, `the general check digit (position 5) is ${code[4]}, expected ${expected}`);
  return code;
}

function generalDigit(barcode: string): number {
  return boletoMod11(barcode.slice(0, 4) + barcode.slice(5));
}

function insertGeneralDigit(withoutDigit: string): string {
  return withoutDigit.slice(0, 4) + boletoMod11(withoutDigit) + withoutDigit.slice(4);
}

function digits(value: unknown, field: string, length: number): string {
  if (typeof value !== 'string' || !new RegExp(`^\\d{${length}}$`).test(value)) throw ValidationError.of(field, `must be ${length} digits`);
  return value;
}

function boletoAmount(money: Money, field: string): string {
  const amount = Money.parse(money, field, { allowZero: false });
  if (amount.currency !== 'BRL') throw ValidationError.of(`${field}.currency`, 'a boleto charges in BRL only');
  if (amount.amount > BOLETO_AMOUNT_MAX) throw ValidationError.of(`${field}.amount`, 'must fit the 10 digits of the barcode (at most R$ 99.999.999,99)');
  return String(amount.amount).padStart(10, '0');
}
