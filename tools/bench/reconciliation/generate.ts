/**
 * Generated return files for the reconciliation benchmark, with the charges they pay
 * and what the reconciliation must find. Per 100 títulos: 85 settled exactly, 2 under
 * and 3 over (with interest), 3 with a nosso número no charge has (unmatched), 5 entries
 * confirmed (ignored), 2 sent twice by the bank (duplicates of the título before).
 */
import {
  CNAB240_BATCH_HEADER,
  CNAB240_BATCH_TRAILER,
  CNAB240_FILE_HEADER,
  CNAB240_FILE_TRAILER,
  CNAB240_SEGMENT_T,
  CNAB240_SEGMENT_U,
  ITAU_400_DETAIL,
  ITAU_400_HEADER,
  ITAU_400_TRAILER,
  formatRecord,
  type Charge,
} from '@collections/payments-reconciliation';

export interface Expected {
  titles: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  ignored: number;
  amountDifferences: number;
}

export interface GeneratedReturn {
  /** The file as chunks of text (about 64 KiB each), as a stream would give them. */
  readonly chunks: () => Generator<string>;
  readonly lines: number;
  readonly charges: Charge[];
  readonly expected: Expected;
}

interface Title {
  readonly nossoNumero: string;
  readonly code: string;
  readonly face: number;
  readonly paid: number;
  readonly interest: number;
  readonly paidOn: string;
}

/** The títulos of a file: the mix above, deterministic (no randomness: runs compare). */
function titles(count: number, nossoNumero: (i: number) => string): { titles: Title[]; charges: Charge[]; expected: Expected } {
  const list: Title[] = [];
  const charges: Charge[] = [];
  const expected: Expected = { titles: count, matched: 0, unmatched: 0, duplicates: 0, ignored: 0, amountDifferences: 0 };
  for (let i = 0; i < count; i++) {
    const kind = i % 100;
    const face = 1000 + ((i * 7919) % 90_000);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const paidOn = `2026-11-${day}`;
    const n = nossoNumero(i);
    if ((kind === 0 || kind === 1) && i > 1) {
      list.push(list[list.length - 1]!);
      expected.duplicates++;
      continue;
    }
    if (kind >= 2 && kind <= 4) {
      list.push({ nossoNumero: nossoNumero(count + i), code: '06', face, paid: face, interest: 0, paidOn });
      expected.unmatched++;
      continue;
    }
    charges.push({ chargeId: `c-${i}`, nossoNumero: n, amount: { amount: face, currency: 'BRL' }, dueDate: paidOn });
    if (kind >= 5 && kind <= 9) {
      list.push({ nossoNumero: n, code: '02', face, paid: 0, interest: 0, paidOn });
      expected.ignored++;
    } else if (kind === 10 || kind === 11) {
      list.push({ nossoNumero: n, code: '06', face, paid: face - 500, interest: 0, paidOn });
      expected.matched++;
      expected.amountDifferences++;
    } else if (kind >= 12 && kind <= 14) {
      const interest = 1 + (face % 700);
      list.push({ nossoNumero: n, code: '06', face, paid: face + interest, interest, paidOn });
      expected.matched++;
      expected.amountDifferences++;
    } else {
      list.push({ nossoNumero: n, code: '06', face, paid: face, interest: 0, paidOn });
      expected.matched++;
    }
  }
  return { titles: list, charges, expected };
}

function* inChunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\r\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const PAYERS = ['JOSÉ DA CONCEIÇÃO', 'MARIA DAS GRAÇAS', 'JOÃO GONÇALVES', 'ANTÔNIA ARAÚJO'];

/** A CNAB 240 return of about `targetLines` lines: batches of up to 4,999 títulos (T+U). */
export function cnab240Return(targetLines: number): GeneratedReturn {
  // FEBRABAN numbers records in a batch with 5 digits: 4,999 T+U pairs keep it under 99,999 with room
  const perBatch = 4_999;
  const linesFor = (titles: number) => 2 + 2 * Math.ceil(titles / perBatch) + 2 * titles;
  let count = Math.max(1, Math.floor((targetLines - 2) / 2));
  while (count > 1 && linesFor(count) > targetLines) count--;
  const plan = titles(count, (i) => `1234567${String(i).padStart(10, '0')}`);
  const batches = Math.ceil(plan.titles.length / perBatch);
  const lines = 2 + batches * 2 + plan.titles.length * 2;
  function* all(): Generator<string> {
    yield formatRecord(CNAB240_FILE_HEADER, { bank: '001', batch: '0000', recordType: '0', companyTaxIdType: '2', companyTaxId: '12345678000195', companyName: 'CREDORA EXEMPLO LTDA', bankName: 'BANCO DO BRASIL S.A.', generatedOn: '2026-11-28', generatedAt: '063000', fileSequence: 1, layoutVersion: '103' });
    for (let b = 0; b < batches; b++) {
      const batch = String(b + 1).padStart(4, '0');
      const slice = plan.titles.slice(b * perBatch, (b + 1) * perBatch);
      yield formatRecord(CNAB240_BATCH_HEADER, { bank: '001', batch, recordType: '1', service: '01', batchLayoutVersion: '060', companyName: 'CREDORA EXEMPLO LTDA', recordedOn: '2026-11-28', creditedOn: '2026-11-30' });
      let sequence = 0;
      let total = 0;
      for (const t of slice) {
        total += t.face;
        yield formatRecord(CNAB240_SEGMENT_T, { bank: '001', batch, recordType: '3', sequence: ++sequence, segment: 'T', movementCode: t.code, nossoNumero: t.nossoNumero, faceValue: t.face, dueDate: t.paidOn, payerName: PAYERS[sequence % PAYERS.length], tariff: 150 });
        yield formatRecord(CNAB240_SEGMENT_U, { bank: '001', batch, recordType: '3', sequence: ++sequence, segment: 'U', movementCode: t.code, interestPaid: t.interest, amountPaid: t.paid, netCredited: Math.max(0, t.paid - 150), occurredOn: t.paidOn, creditedOn: t.code === '06' ? '2026-11-30' : undefined });
      }
      yield formatRecord(CNAB240_BATCH_TRAILER, { bank: '001', batch, recordType: '5', recordCount: slice.length * 2 + 2, simpleCount: slice.length, simpleTotal: total });
    }
    yield formatRecord(CNAB240_FILE_TRAILER, { bank: '001', batch: '9999', recordType: '9', batchCount: batches, recordCount: lines });
  }
  return { chunks: () => inChunks(all()), lines, charges: plan.charges, expected: plan.expected };
}

/** An Itaú (341) CNAB 400 return of `targetLines` lines: a header, details, a trailer. */
export function itau400Return(targetLines: number): GeneratedReturn {
  const plan = titles(Math.max(1, targetLines - 2), (i) => String(10_000_000 + i).slice(-8));
  const lines = plan.titles.length + 2;
  function* all(): Generator<string> {
    yield formatRecord(ITAU_400_HEADER, { serviceLiteral: 'COBRANCA', agency: '0057', account: '12345', accountDigit: '7', companyName: 'CREDORA EXEMPLO LTDA', bankName: 'BANCO ITAU SA', generatedOn: '2026-11-28', fileSequence: 1, sequence: 1 });
    let sequence = 1;
    let total = 0;
    for (const t of plan.titles) {
      total += t.face;
      yield formatRecord(ITAU_400_DETAIL, { companyTaxIdType: '02', companyTaxId: '12345678000195', agency: '0057', account: '12345', accountDigit: '7', nossoNumero: t.nossoNumero, wallet: '109', nossoNumero2: t.nossoNumero, walletCode: 'I', occurrenceCode: t.code, occurredOn: t.paidOn, faceValue: t.face, collectingBank: '341', tariff: 150, amountPaid: t.paid, interestPaid: t.interest, creditedOn: t.code === '06' ? '2026-11-30' : undefined, payerName: PAYERS[sequence % PAYERS.length], sequence: ++sequence });
    }
    yield formatRecord(ITAU_400_TRAILER, { fileCode: '2', serviceCode: '01', bank: '341', simpleCount: plan.titles.length, simpleTotal: total, detailCount: plan.titles.length, detailTotal: total, sequence: ++sequence });
  }
  return { chunks: () => inChunks(all()), lines, charges: plan.charges, expected: plan.expected };
}
