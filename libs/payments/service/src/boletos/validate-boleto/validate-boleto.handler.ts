import { ValidationError, type IsoDate, type Money } from '@collections/shared-kernel';
import { formatLinhaDigitavel, parseBoletoLine } from '@collections/payments-domain';

export type BoletoValidation =
  | {
      readonly valid: true;
      readonly line: string;
      readonly formattedLine: string;
      readonly barcode: string;
      readonly bankCode: string;
      readonly dueDate: IsoDate | null;
      readonly amount: Money;
    }
  | { readonly valid: false; readonly problems: readonly string[] };

/**
 * Checks a line a user typed (47 digits with dots and spaces, or the 44 of a barcode): every
 * check digit, naming the group to retype. A wrong digit is the answer, not an error.
 */
export function validateBoletoLine(line: string, today: IsoDate): BoletoValidation {
  try {
    const parsed = parseBoletoLine(line, { referenceDate: today });
    return { valid: true, line: parsed.line, formattedLine: formatLinhaDigitavel(parsed.line), barcode: parsed.barcode, bankCode: parsed.bankCode, dueDate: parsed.dueDate, amount: parsed.amount };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { valid: false, problems: error.violations.map((v) => v.message) };
  }
}
