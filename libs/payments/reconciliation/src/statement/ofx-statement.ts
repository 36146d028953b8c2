import { Money, type IsoDate, type IsoInstant } from '@collections/shared-kernel';
import { parseSync } from 'ofx-js';
import { calendarDate } from '../fixed-width/layout';
import type { LineRejection } from '../return-file/return-entry';

/** One transaction of a bank statement (STMTTRN), normalised. */
export interface StatementEntry {
  readonly account: StatementAccount;
  /** The bank's id of the transaction (FITID): unique per account, by the OFX specification. */
  readonly fitId: string;
  /** The calendar day the bank booked it, in the bank's own zone (what the customer sees). */
  readonly postedOn: IsoDate;
  /** The instant, when the bank gave a time (OFX reads a time without a zone as GMT). */
  readonly postedAt?: IsoInstant;
  /** Signed: a credit is positive, a debit negative. */
  readonly amount: Money;
  /** TRNTYPE: CREDIT, DEBIT, DEP, XFER, FEE, ... */
  readonly type: string;
  readonly memo: string;
  readonly name: string;
  /** Line of the file where the STMTTRN starts. */
  readonly line: number;
}

export interface StatementAccount {
  readonly bankId: string;
  readonly accountId: string;
}

export interface StatementResult {
  readonly entries: StatementEntry[];
  readonly rejections: LineRejection[];
}

/**
 * Reads an OFX statement (SGML 1.0x as Brazilian banks export it, or XML 2.x) with
 * ofx-js, which leaves every value a string: amounts and dates are normalised here.
 * A transaction that does not read is reported with its line and left out.
 */
export function parseOfxStatement(content: string | Uint8Array): StatementResult {
  const text = decodeOfx(content);
  let parsed: ReturnType<typeof parseSync>;
  try {
    parsed = parseSync(text);
  } catch (error) {
    return { entries: [], rejections: [{ line: 1, field: 'OFX', reason: `does not parse: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (!parsed.OFX || typeof parsed.OFX !== 'object') return { entries: [], rejections: [{ line: 1, field: 'OFX', reason: 'has no <OFX> element' }] };
  const lines = transactionLines(text);
  const entries: StatementEntry[] = [];
  const rejections: LineRejection[] = [];
  let index = 0;
  for (const statement of statements(parsed.OFX)) {
    const account = accountOf(statement);
    const currency = typeof statement['CURDEF'] === 'string' ? statement['CURDEF'] : 'BRL';
    const list = statement['BANKTRANLIST'] as Record<string, unknown> | undefined;
    for (const raw of asArray(list?.['STMTTRN'])) {
      const line = lines[index++] ?? 1;
      const read = readTransaction(raw, account, currency, line);
      if ('reason' in read) rejections.push(read);
      else entries.push(read);
    }
  }
  return { entries, rejections };
}

function readTransaction(raw: unknown, account: StatementAccount, currency: string, line: number): StatementEntry | LineRejection {
  if (typeof raw !== 'object' || raw === null) return { line, field: 'STMTTRN', reason: 'is empty' };
  const t = raw as Record<string, unknown>;
  const text = (name: string): string => (typeof t[name] === 'string' ? (t[name] as string).trim() : '');
  const fitId = text('FITID');
  if (!fitId) return { line, field: 'FITID', reason: 'is missing' };
  const posted = parseOfxDate(text('DTPOSTED'));
  if ('reason' in posted) return { line, field: 'DTPOSTED', reason: posted.reason };
  const amount = parseBrazilianAmount(text('TRNAMT'));
  if (typeof amount !== 'number') return { line, field: 'TRNAMT', reason: amount.reason };
  if (currency !== 'BRL' && currency !== 'USD') return { line, field: 'CURDEF', reason: `currency "${currency}" is not supported` };
  return {
    account,
    fitId,
    postedOn: posted.date,
    ...(posted.instant ? { postedAt: posted.instant } : {}),
    amount: Money.of(amount, currency),
    type: text('TRNTYPE'),
    memo: text('MEMO'),
    name: text('NAME'),
    line,
  };
}

/**
 * A Brazilian or OFX-standard decimal as integer centavos: "-10,00", "1.234,56",
 * "1234.56", "+89,9", "1,234.56". With both separators the last one is the decimal
 * mark; a lone separator followed by exactly three digits ("1.000") is refused as
 * ambiguous (a thousand reais, or one real?), and so is a fraction of a centavo.
 */
export function parseBrazilianAmount(value: string): number | { reason: string } {
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(value.trim());
  if (!match) return { reason: `is not an amount: "${value}"` };
  const [, sign, body = ''] = match;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let whole = body;
  let fraction = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma);
    const thousands = lastDot > lastComma ? ',' : '.';
    whole = body.slice(0, decimalAt);
    fraction = body.slice(decimalAt + 1);
    const groups = whole.split(thousands);
    if (!groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)))) return { reason: `has misplaced thousands separators: "${value}"` };
    whole = groups.join('');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    const parts = body.split(mark);
    if (parts.length > 2) {
      if (!parts.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)))) return { reason: `has misplaced thousands separators: "${value}"` };
      whole = parts.join('');
    } else {
      [whole = '', fraction = ''] = parts;
      if (fraction.length === 3) return { reason: `is ambiguous: "${value}" could be thousands or decimals` };
    }
  }
  if (!/^\d+$/.test(whole) || (fraction !== '' && !/^\d+$/.test(fraction))) return { reason: `is not an amount: "${value}"` };
  if (/[1-9]/.test(fraction.slice(2))) return { reason: `has a fraction of a centavo: "${value}"` };
  const centavos = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(centavos)) return { reason: 'is out of range' };
  return sign === '-' ? -centavos : centavos;
}

/**
 * An OFX date-time: YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]], e.g. "20261127120000[-3:BRT]".
 * The calendar day is the one written (the bank's local day); the instant, when a time
 * is there, is brought to UTC with the offset (none means GMT, by the specification).
 */
export function parseOfxDate(value: string): { date: IsoDate; instant?: IsoInstant } | { reason: string } {
  const match = /^(\d{8})(?:(\d{2})(\d{2})(\d{2})?(?:\.\d{1,3})?)?(?:\[([+-]?\d{1,2})(?:[.:]\d{2})?(?::[A-Za-z]{1,8})?\])?$/.exec(value.trim());
  if (!match) return { reason: `is not an OFX date YYYYMMDD[HHMMSS][[offset:TZ]]: "${value}"` };
  const [, ymd = '', hh, mm, ss = '00', offset = '0'] = match;
  const date = calendarDate(`${ymd.slice(6, 8)}${ymd.slice(4, 6)}${ymd.slice(0, 4)}`, false);
  if (!date) return { reason: `is not a date of the calendar: "${value}"` };
  if (hh === undefined || mm === undefined) return { date };
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return { reason: `is not a time of day: "${value}"` };
  const offsetHours = Number(offset);
  if (Math.abs(offsetHours) > 14) return { reason: `has a zone offset out of range: "${value}"` };
  const utc = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)), Number(hh), Number(mm), Number(ss)) - offsetHours * 3_600_000;
  return { date, instant: new Date(utc).toISOString() };
}

/** OFX 1.x declares its charset in the header (1252 or ISO-8859-1 in Brazil); OFX 2.x is XML, UTF-8 by default. */
function decodeOfx(content: string | Uint8Array): string {
  if (typeof content === 'string') return content;
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const head = bytes.subarray(0, 512).toString('latin1');
  const charset = /CHARSET:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim().toUpperCase();
  const xmlEncoding = /<\?xml[^>]*encoding="([^"]+)"/i.exec(head)?.[1]?.toUpperCase();
  const utf8 = charset === 'UTF-8' || charset === 'UTF8' || xmlEncoding === 'UTF-8' || (!charset && !xmlEncoding && head.startsWith('<?xml'));
  return bytes.toString(utf8 ? 'utf8' : 'latin1');
}

/** Bank statements (STMTRS) and credit-card statements (CCSTMTRS), one or many. */
function statements(ofx: Record<string, unknown>): Record<string, unknown>[] {
  const bank = asArray((ofx['BANKMSGSRSV1'] as Record<string, unknown> | undefined)?.['STMTTRNRS']).map((r) => (r as Record<string, unknown>)['STMTRS']);
  const card = asArray((ofx['CREDITCARDMSGSRSV1'] as Record<string, unknown> | undefined)?.['CCSTMTTRNRS']).map((r) => (r as Record<string, unknown>)['CCSTMTRS']);
  return [...bank, ...card].filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

function accountOf(statement: Record<string, unknown>): StatementAccount {
  const from = (statement['BANKACCTFROM'] ?? statement['CCACCTFROM'] ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return { bankId: text(from['BANKID']), accountId: text(from['ACCTID']) };
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** Line number of each <STMTTRN>, in file order (the order ofx-js gives them in). */
function transactionLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (let at = text.indexOf('<STMTTRN>', from); at >= 0; at = text.indexOf('<STMTTRN>', from)) {
    for (let i = from; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    lines.push(line);
    from = at + 1;
  }
  return lines;
}
