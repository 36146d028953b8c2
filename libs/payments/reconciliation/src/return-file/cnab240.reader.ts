import { Money, type IsoDate } from '@collections/shared-kernel';
import { readRecord, type RecordOf } from '../fixed-width/layout';
import {
  CNAB240_BATCH_HEADER,
  CNAB240_BATCH_TRAILER,
  CNAB240_FILE_HEADER,
  CNAB240_FILE_TRAILER,
  CNAB240_SEGMENT_T,
  CNAB240_SEGMENT_U,
} from './cnab240.layout';
import { occurrenceOf } from './occurrences';
import type { ReturnFileReader, ReturnFileSink } from './return-entry';

type SegmentT = RecordOf<(typeof CNAB240_SEGMENT_T)['fields']>;

interface OpenBatch {
  readonly line: number;
  readonly number: string;
  readonly creditedOn: IsoDate | undefined;
  records: number;
  titles: number;
  total: number;
  /** A title of the batch was rejected: its sum cannot be checked against the trailer. */
  incomplete: boolean;
}

/**
 * CNAB 240 collection return, line by line: file header, then batches (header de lote,
 * T+U pairs, trailer de lote), then the file trailer. Memory is one open batch and one
 * pending segment T, whatever the size of the file. A T becomes an entry only with the
 * U that follows it (same batch, next sequence number); each trailer's counts and sum
 * are checked against what was read.
 */
export class Cnab240Reader implements ReturnFileReader {
  private headerSeen = false;
  private headerMissingReported = false;
  private trailerLine: number | undefined;
  private records = 0;
  private batches = 0;
  private batch: OpenBatch | undefined;
  private pendingT: { readonly line: number; readonly record: SegmentT } | undefined;
  private rejectedTLine: number | undefined;

  constructor(private readonly sink: ReturnFileSink) {}

  accept(line: number, text: string): void {
    this.records++;
    const isDetail = text.charAt(7) === '3';
    if (text.length !== 240) {
      if (this.pendingT) this.dropPendingT(isDetail && text.charAt(13) === 'U' ? `its segment U (line ${line}) was rejected` : undefined);
      if (this.batch && isDetail) {
        // still a record of the batch for its trailer's count, but its sum cannot be checked
        this.batch.records++;
        if (text.charAt(13) === 'T') {
          this.batch.titles++;
          this.rejectedTLine = line;
        }
        this.batch.incomplete = true;
      }
      // an unreadable trailer still closes what it closes: no second report of a missing trailer
      if (text.charAt(7) === '5') this.batch = undefined;
      if (text.charAt(7) === '9') this.trailerLine = line;
      return this.reject(line, 'line', `has ${text.length} characters, CNAB 240 has 240`);
    }
    if (this.pendingT && !(isDetail && text.charAt(13) === 'U')) this.dropPendingT();
    if (this.trailerLine !== undefined) return this.reject(line, 'recordType', `comes after the file trailer (line ${this.trailerLine})`);
    const recordType = text.charAt(7);
    if (this.records === 1 && recordType !== '0') {
      // the rest of the file is still read: its entries are good without the header
      this.headerMissingReported = true;
      this.reject(line, 'fileHeader', 'the file does not start with its header (registro 0)');
    }
    switch (recordType) {
      case '0':
        return this.fileHeader(line, text);
      case '1':
        return this.batchHeader(line, text);
      case '3':
        return this.detail(line, text);
      case '5':
        return this.batchTrailer(line, text);
      case '9':
        return this.fileTrailer(line, text);
      default:
        return this.reject(line, 'recordType', `"${recordType}" is not a record of a collection return (0, 1, 3, 5, 9)`);
    }
  }

  finish(lastLine: number): void {
    if (this.pendingT) this.dropPendingT();
    if (this.batch) this.sink.reject({ line: lastLine, field: 'batchTrailer', reason: `batch ${this.batch.number} (line ${this.batch.line}) has no trailer` });
    if (!this.headerSeen && !this.headerMissingReported) this.sink.reject({ line: lastLine, field: 'fileHeader', reason: 'the file has no header' });
    else if (this.trailerLine === undefined) this.sink.reject({ line: lastLine, field: 'fileTrailer', reason: 'the file ends without its trailer (registro 9)' });
  }

  private fileHeader(line: number, text: string): void {
    if (this.headerSeen) return this.reject(line, 'recordType', 'a second file header');
    if (this.records !== 1) return this.reject(line, 'recordType', 'the file header must be the first line');
    const read = readRecord(CNAB240_FILE_HEADER, text);
    if (!read.ok) return this.reject(line, read.field, read.reason);
    this.headerSeen = true;
    const { record } = read;
    this.sink.header({ bank: record.bank, layout: 'cnab240', companyName: record.companyName.trim(), generatedOn: record.generatedOn, fileSequence: record.fileSequence });
  }

  private batchHeader(line: number, text: string): void {
    if (this.batch) {
      this.sink.reject({ line, field: 'batchTrailer', reason: `batch ${this.batch.number} (line ${this.batch.line}) has no trailer` });
      this.batch = undefined;
    }
    const read = readRecord(CNAB240_BATCH_HEADER, text);
    if (!read.ok) return this.reject(line, read.field, read.reason);
    this.batches++;
    this.batch = { line, number: read.record.batch, creditedOn: read.record.creditedOn, records: 1, titles: 0, total: 0, incomplete: false };
  }

  private detail(line: number, text: string): void {
    const batch = this.batch;
    if (!batch) return this.reject(line, 'recordType', 'a detail outside a batch (no header de lote before it)');
    batch.records++;
    const segment = text.charAt(13);
    if (segment === 'T') {
      batch.titles++;
      const read = readRecord(CNAB240_SEGMENT_T, text);
      if (!read.ok || read.record.batch !== batch.number) {
        batch.incomplete = true;
        this.rejectedTLine = line;
        return read.ok ? this.reject(line, 'batch', `is ${read.record.batch}, the open batch is ${batch.number}`) : this.reject(line, read.field, read.reason);
      }
      batch.total += read.record.faceValue;
      this.pendingT = { line, record: read.record };
      return;
    }
    if (segment === 'U') return this.segmentU(line, text, batch);
    // Y-03/Y-04 and other optional segments carry nothing the reconciliation uses.
    if (segment === 'Y') return;
    return this.reject(line, 'segment', `"${segment}" is not a segment of a collection return (T, U, Y)`);
  }

  private segmentU(line: number, text: string, batch: OpenBatch): void {
    const t = this.pendingT;
    this.pendingT = undefined;
    if (!t) {
      const reason = this.rejectedTLine === line - 1 ? `its segment T (line ${line - 1}) was rejected` : 'no segment T before it';
      return this.reject(line, 'segment', reason);
    }
    const read = readRecord(CNAB240_SEGMENT_U, text);
    if (!read.ok) {
      batch.incomplete = true;
      this.sink.reject({ line: t.line, field: 'segment', reason: `its segment U (line ${line}) was rejected` });
      return this.reject(line, read.field, read.reason);
    }
    const u = read.record;
    const problem =
      u.batch !== t.record.batch ? (['batch', `is ${u.batch}, its segment T has ${t.record.batch}`] as const)
      : u.sequence !== t.record.sequence + 1 ? (['sequence', `is ${u.sequence}, its segment T has ${t.record.sequence}`] as const)
      : u.movementCode !== t.record.movementCode ? (['movementCode', `is ${u.movementCode}, its segment T has ${t.record.movementCode}`] as const)
      : undefined;
    if (problem) {
      batch.incomplete = true;
      this.sink.reject({ line: t.line, field: 'segment', reason: `its segment U (line ${line}) was rejected` });
      return this.reject(line, problem[0], problem[1]);
    }
    const creditedOn = u.creditedOn ?? batch.creditedOn;
    this.sink.entry({
      bank: t.record.bank,
      layout: 'cnab240',
      nossoNumero: t.record.nossoNumero.trim(),
      documentNumber: t.record.documentNumber.trim(),
      occurrence: occurrenceOf('cnab240', t.record.movementCode),
      faceValue: Money.of(t.record.faceValue),
      amountPaid: Money.of(u.amountPaid),
      tariff: Money.of(t.record.tariff),
      interestPaid: Money.of(u.interestPaid),
      discount: Money.of(u.discount),
      paidOn: u.occurredOn,
      ...(creditedOn ? { creditedOn } : {}),
      payerName: t.record.payerName.trim(),
      line: t.line,
    });
  }

  private batchTrailer(line: number, text: string): void {
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return this.reject(line, 'recordType', 'a batch trailer with no open batch');
    const read = readRecord(CNAB240_BATCH_TRAILER, text);
    if (!read.ok) return this.reject(line, read.field, read.reason);
    const trailer = read.record;
    const records = batch.records + 1;
    if (trailer.batch !== batch.number) return this.reject(line, 'batch', `is ${trailer.batch}, the open batch is ${batch.number}`);
    if (trailer.recordCount !== records) return this.reject(line, 'recordCount', `says ${trailer.recordCount} records, the batch has ${records}`);
    if (trailer.simpleCount !== batch.titles) return this.reject(line, 'simpleCount', `says ${trailer.simpleCount} títulos, the batch has ${batch.titles}`);
    if (!batch.incomplete && trailer.simpleTotal !== batch.total) {
      return this.reject(line, 'simpleTotal', `says ${Money.toDecimal(Money.of(trailer.simpleTotal))}, the títulos of the batch add up to ${Money.toDecimal(Money.of(batch.total))}`);
    }
  }

  private fileTrailer(line: number, text: string): void {
    if (this.batch) {
      this.sink.reject({ line, field: 'batchTrailer', reason: `batch ${this.batch.number} (line ${this.batch.line}) has no trailer` });
      this.batch = undefined;
    }
    this.trailerLine = line;
    const read = readRecord(CNAB240_FILE_TRAILER, text);
    if (!read.ok) return this.reject(line, read.field, read.reason);
    if (read.record.batchCount !== this.batches) return this.reject(line, 'batchCount', `says ${read.record.batchCount} batches, the file has ${this.batches}`);
    if (read.record.recordCount !== this.records) return this.reject(line, 'recordCount', `says ${read.record.recordCount} records, the file has ${this.records}`);
  }

  private dropPendingT(reason = 'segment T without its segment U on the next line'): void {
    const t = this.pendingT!;
    this.pendingT = undefined;
    if (this.batch) this.batch.incomplete = true;
    this.sink.reject({ line: t.line, field: 'segment', reason });
  }

  private reject(line: number, field: string, reason: string): void {
    this.sink.reject({ line, field, reason });
  }
}
