import { Money } from '@collections/shared-kernel';
import { readRecord } from '../fixed-width/layout';
import { BRADESCO_400_DETAIL, BRADESCO_400_HEADER, BRADESCO_400_TRAILER, ITAU_400_DETAIL, ITAU_400_HEADER, ITAU_400_TRAILER } from './cnab400.layout';
import { occurrenceOf } from './occurrences';
import type { ReturnEntry, ReturnFileHeader, ReturnFileReader, ReturnFileSink, ReturnLayout } from './return-entry';

/** What differs between banks' CNAB 400 returns: the tables, and how a detail becomes an entry. */
export interface Cnab400Profile {
  readonly layout: ReturnLayout;
  readonly bank: string;
  readHeader(text: string): { ok: true; header: Omit<ReturnFileHeader, 'layout' | 'bank'> } | { ok: false; field: string; reason: string };
  readDetail(text: string): { ok: true; faceValue: number; sequence: number; entry: (line: number) => ReturnEntry } | { ok: false; field: string; reason: string };
  readTrailer(text: string): { ok: true; detailCount: number; detailTotal: number; sequence: number } | { ok: false; field: string; reason: string };
}

type Read<R> = (text: string) => { readonly ok: true; readonly record: R } | { readonly ok: false; readonly field: string; readonly reason: string };

/** The fields every bank's CNAB 400 return gives, under the names our layout tables use. */
interface HeaderFields {
  readonly companyName: string;
  readonly generatedOn: string;
  readonly fileSequence: number;
}
interface DetailFields {
  readonly nossoNumero: string;
  readonly documentNumber: string;
  readonly occurrenceCode: string;
  readonly faceValue: number;
  readonly amountPaid: number;
  readonly tariff: number;
  readonly interestPaid: number;
  readonly discount: number;
  readonly occurredOn: string;
  readonly creditedOn?: string | undefined;
  /** Not every bank returns it (Bradesco does not). */
  readonly payerName?: string;
  readonly sequence: number;
}
interface TrailerFields {
  readonly detailCount: number;
  readonly detailTotal: number;
  readonly sequence: number;
}

/** A bank's profile from its three tables: the mapping to entries is the same for every bank. */
function cnab400Profile(bank: string, layout: ReturnLayout, tables: { header: Read<HeaderFields>; detail: Read<DetailFields>; trailer: Read<TrailerFields> }): Cnab400Profile {
  return {
    layout,
    bank,
    readHeader(text) {
      const r = tables.header(text);
      return r.ok ? { ok: true, header: { companyName: r.record.companyName.trim(), generatedOn: r.record.generatedOn, fileSequence: r.record.fileSequence } } : r;
    },
    readDetail(text) {
      const r = tables.detail(text);
      if (!r.ok) return r;
      const d = r.record;
      return {
        ok: true,
        faceValue: d.faceValue,
        sequence: d.sequence,
        entry: (line) => ({
          bank,
          layout,
          nossoNumero: d.nossoNumero,
          documentNumber: d.documentNumber.trim(),
          occurrence: occurrenceOf(layout, d.occurrenceCode),
          faceValue: Money.of(d.faceValue),
          amountPaid: Money.of(d.amountPaid),
          tariff: Money.of(d.tariff),
          interestPaid: Money.of(d.interestPaid),
          discount: Money.of(d.discount),
          paidOn: d.occurredOn,
          ...(d.creditedOn ? { creditedOn: d.creditedOn } : {}),
          payerName: d.payerName?.trim() ?? '',
          line,
        }),
      };
    },
    readTrailer(text) {
      const r = tables.trailer(text);
      return r.ok ? { ok: true, detailCount: r.record.detailCount, detailTotal: r.record.detailTotal, sequence: r.record.sequence } : r;
    },
  };
}

export const ITAU_400: Cnab400Profile = cnab400Profile('341', 'cnab400-itau', {
  header: (text) => readRecord(ITAU_400_HEADER, text),
  detail: (text) => readRecord(ITAU_400_DETAIL, text),
  trailer: (text) => readRecord(ITAU_400_TRAILER, text),
});

export const BRADESCO_400: Cnab400Profile = cnab400Profile('237', 'cnab400-bradesco', {
  header: (text) => readRecord(BRADESCO_400_HEADER, text),
  detail: (text) => readRecord(BRADESCO_400_DETAIL, text),
  trailer: (text) => readRecord(BRADESCO_400_TRAILER, text),
});

export const CNAB400_PROFILES: Readonly<Record<string, Cnab400Profile>> = { '341': ITAU_400, '237': BRADESCO_400 };

/**
 * CNAB 400 collection return, line by line: header (0), details (1), trailer (9).
 * Every record ends with its sequence number in the file (395-400), which is checked;
 * the trailer's count and value of the details are checked against those read.
 */
export class Cnab400Reader implements ReturnFileReader {
  private headerSeen = false;
  private headerMissingReported = false;
  private trailerLine: number | undefined;
  private records = 0;
  private details = 0;
  private total = 0;
  private incomplete = false;

  constructor(
    private readonly profile: Cnab400Profile,
    private readonly sink: ReturnFileSink,
  ) {}

  accept(line: number, text: string): void {
    this.records++;
    const recordType = text.charAt(0);
    if (text.length !== 400) {
      if (recordType === '1') {
        this.details++;
        this.incomplete = true;
      }
      return this.reject(line, 'line', `has ${text.length} characters, CNAB 400 has 400`);
    }
    if (this.trailerLine !== undefined) return this.reject(line, 'recordType', `comes after the file trailer (line ${this.trailerLine})`);
    if (this.records === 1 && recordType !== '0') {
      // the rest of the file is still read: its entries are good without the header
      this.headerMissingReported = true;
      this.reject(line, 'fileHeader', 'the file does not start with its header (registro 0)');
    }
    switch (recordType) {
      case '0': {
        if (this.headerSeen) return this.reject(line, 'recordType', 'a second file header');
        if (this.records !== 1) return this.reject(line, 'recordType', 'the file header must be the first line');
        const r = this.profile.readHeader(text);
        if (!r.ok) return this.reject(line, r.field, r.reason);
        this.headerSeen = true;
        this.sink.header({ bank: this.profile.bank, layout: this.profile.layout, ...r.header });
        return;
      }
      case '1': {
        this.details++;
        const r = this.profile.readDetail(text);
        const problem = !r.ok ? r : r.sequence !== this.records ? { field: 'sequence', reason: `is ${r.sequence}, the record is number ${this.records} of the file` } : undefined;
        if (problem || !r.ok) {
          this.incomplete = true;
          return this.reject(line, problem!.field, problem!.reason);
        }
        this.total += r.faceValue;
        this.sink.entry(r.entry(line));
        return;
      }
      case '9': {
        this.trailerLine = line;
        const r = this.profile.readTrailer(text);
        if (!r.ok) return this.reject(line, r.field, r.reason);
        if (r.sequence !== this.records) return this.reject(line, 'sequence', `is ${r.sequence}, the record is number ${this.records} of the file`);
        if (r.detailCount !== this.details) return this.reject(line, 'detailCount', `says ${r.detailCount} títulos, the file has ${this.details}`);
        if (!this.incomplete && r.detailTotal !== this.total) {
          return this.reject(line, 'detailTotal', `says ${Money.toDecimal(Money.of(r.detailTotal))}, the títulos of the file add up to ${Money.toDecimal(Money.of(this.total))}`);
        }
        return;
      }
      default:
        return this.reject(line, 'recordType', `"${recordType}" is not a record of this return (0, 1, 9)`);
    }
  }

  finish(lastLine: number): void {
    if (!this.headerSeen && !this.headerMissingReported) this.sink.reject({ line: lastLine, field: 'fileHeader', reason: 'the file has no header' });
    else if (this.trailerLine === undefined) this.sink.reject({ line: lastLine, field: 'fileTrailer', reason: 'the file ends without its trailer (registro 9)' });
  }

  private reject(line: number, field: string, reason: string): void {
    this.sink.reject({ line, field, reason });
  }
}
