import { ValidationError, type IsoDate, type Money } from '@collections/shared-kernel';
import { boletoBarcode, linhaDigitavel } from './boleto';

/**
 * How one bank fills the 25-digit free field of its boletos for one kind of wallet
 * (carteira) agreed with the creditor, and how it numbers them (nosso número: the bank's
 * id of the boleto, which its return files quote back). One implementation per bank and
 * wallet kind; `issueBoleto` does the rest for all of them.
 */
export interface BankLayout<TWallet> {
  readonly bankCode: string;
  readonly name: string;
  /** Checks a wallet configuration (ValidationError naming the field). */
  parseWallet(value: unknown, field?: string): TWallet;
  /** The nosso número of the boleto numbered `sequence` in the wallet, as printed. */
  nossoNumero(wallet: TWallet, sequence: number): string;
  freeField(wallet: TWallet, sequence: number): string;
  /** Reads the free field back; null when it is not in this layout. */
  readFreeField(freeField: string): { readonly wallet: TWallet; readonly nossoNumero: string } | null;
}

export interface IssuedBoleto {
  readonly nossoNumero: string;
  readonly barcode: string;
  readonly linha: string;
}

export function issueBoleto<TWallet>(
  layout: BankLayout<TWallet>,
  walletConfig: TWallet,
  charge: { readonly sequence: number; readonly dueDate: IsoDate; readonly amount: Money },
): IssuedBoleto {
  const wallet = layout.parseWallet(walletConfig, 'wallet');
  const barcode = boletoBarcode({
    bankCode: layout.bankCode,
    currency: '9',
    dueDate: charge.dueDate,
    amount: charge.amount,
    freeField: layout.freeField(wallet, charge.sequence),
  });
  return { nossoNumero: layout.nossoNumero(wallet, charge.sequence), barcode, linha: linhaDigitavel(barcode) };
}

/** Banco do Brasil, "convênio de 7 posições" (convênios numbered from 1.000.000). */
export interface BancoDoBrasilWallet {
  /** The creditor's 7-digit convênio with the bank. */
  readonly convenio: string;
  /** The 2-digit carteira, e.g. "17" (cobrança simples com registro). */
  readonly carteira: string;
}

/** The complement of the nosso número is 10 digits: the wallet's boletos are numbered 1..9999999999. */
const BB7_SEQUENCE_MAX = 9_999_999_999;

function bb7Sequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > BB7_SEQUENCE_MAX) {
    throw ValidationError.of('sequence', `must be an integer from 1 to ${BB7_SEQUENCE_MAX} (the 10 digits of the nosso número's complement)`);
  }
  return String(sequence).padStart(10, '0');
}

/**
 * Free field = 000000 + convênio (7) + complement of the nosso número (10) + carteira (2);
 * nosso número = convênio + complement, 17 digits, which in this layout carry no check
 * digit of their own (the barcode's digits cover them).
 */
export const bancoDoBrasilConvenio7: BankLayout<BancoDoBrasilWallet> = {
  bankCode: '001',
  name: 'Banco do Brasil (convênio de 7 posições)',
  parseWallet(value, field = 'wallet') {
    const wallet = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof BancoDoBrasilWallet, unknown>>;
    const problems = [];
    if (typeof wallet.convenio !== 'string' || !/^[1-9]\d{6}$/.test(wallet.convenio)) problems.push({ field: `${field}.convenio`, message: 'must be a 7-digit convênio (1000000-9999999)' });
    if (typeof wallet.carteira !== 'string' || !/^\d{2}$/.test(wallet.carteira)) problems.push({ field: `${field}.carteira`, message: 'must be 2 digits, e.g. 17' });
    if (problems.length > 0) throw new ValidationError(problems);
    return { convenio: wallet.convenio as string, carteira: wallet.carteira as string };
  },
  nossoNumero(wallet, sequence) {
    return wallet.convenio + bb7Sequence(sequence);
  },
  freeField(wallet, sequence) {
    return `000000${wallet.convenio}${bb7Sequence(sequence)}${wallet.carteira}`;
  },
  readFreeField(freeField) {
    const match = /^000000([1-9]\d{6})(\d{10})(\d{2})$/.exec(freeField);
    if (!match) return null;
    const [, convenio = '', complement = '', carteira = ''] = match;
    return { wallet: { convenio, carteira }, nossoNumero: convenio + complement };
  },
};
