import type { IsoDate, Money } from '@collections/shared-kernel';

/** The bank's own code, read from the file (001 Banco do Brasil, 237 Bradesco, 341 Itaú, ...). */
export type BankCode = string;

export type ReturnLayout = 'cnab240' | 'cnab400-itau' | 'cnab400-bradesco';

/**
 * What happened to the título, across banks. The bank's own code stays next to it
 * (`Occurrence.code`) because the codes differ by bank and layout: 06 is a
 * settlement everywhere, but 10 is a write-off at Bradesco and Itaú alike while 15
 * is a settlement at a notary's office (cartório) at Bradesco only.
 */
export type OccurrenceKind =
  /** liquidação: the payer paid, money is on its way to the creditor */
  | 'settled'
  /** entrada confirmada: the bank registered the boleto */
  | 'entry-confirmed'
  /** entrada rejeitada */
  | 'entry-rejected'
  /** baixa: the bank closed the título without (or after) payment */
  | 'written-off'
  /** protesto: sent to, or back from, the notary's office */
  | 'protest'
  /** débito de tarifas: a fee, not a payment */
  | 'fee'
  /** instructions confirmed or refused, due-date changes, ... nothing to reconcile */
  | 'other';

export interface Occurrence {
  readonly code: string;
  readonly kind: OccurrenceKind;
  /** The bank's wording, in Portuguese, for people reading a report. */
  readonly description: string;
}

/** One detail of a return file (a T+U pair in CNAB 240, a type-1 record in CNAB 400), normalised. */
export interface ReturnEntry {
  readonly bank: BankCode;
  readonly layout: ReturnLayout;
  readonly nossoNumero: string;
  /** The creditor's own reference (seu número / número do documento), when the bank echoes it. */
  readonly documentNumber: string;
  readonly occurrence: Occurrence;
  /** Face value of the título (valor nominal). */
  readonly faceValue: Money;
  /** What the payer paid, interest and fines included (valor pago). Zero when nothing was paid. */
  readonly amountPaid: Money;
  /** The bank's fee for this occurrence (tarifa / despesas de cobrança). */
  readonly tariff: Money;
  /** Interest and late fee paid (juros de mora / multa / encargos). */
  readonly interestPaid: Money;
  readonly discount: Money;
  /** Date of the occurrence: for a settlement, the day the payer paid. */
  readonly paidOn: IsoDate;
  /** Day the money is credited to the creditor's account, when the bank says. */
  readonly creditedOn?: IsoDate;
  readonly payerName: string;
  /** Line of the file the entry starts on (the segment T in CNAB 240). */
  readonly line: number;
}

/** A line left out of the result, with the field at fault: nothing of it was used. */
export interface LineRejection {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

export interface ReturnFileHeader {
  readonly bank: BankCode;
  readonly layout: ReturnLayout;
  readonly companyName: string;
  readonly generatedOn: IsoDate;
  /** The file's sequence number (NSA / número sequencial do arquivo de retorno). */
  readonly fileSequence: number;
}

/** Where a reader sends what it makes of each line. */
export interface ReturnFileSink {
  header(header: ReturnFileHeader): void;
  entry(entry: ReturnEntry): void;
  reject(rejection: LineRejection): void;
}

/** A reader takes lines one at a time and keeps only what the trailers need to check. */
export interface ReturnFileReader {
  accept(line: number, text: string): void;
  /** After the last line: reports a missing trailer or a detail left incomplete. */
  finish(lastLine: number): void;
}
