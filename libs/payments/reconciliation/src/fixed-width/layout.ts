import type { IsoDate } from '@collections/shared-kernel';

/**
 * A fixed-width record described as a table, the way the banks' manuals print it:
 * one row per field with its 1-based inclusive positions (`start`-`end`) and a type.
 * Tables include the fillers (brancos) so a spec can prove each one covers the whole
 * line with no gap or overlap: a mistyped position then fails a test, not a payment.
 */
export type FieldType =
  /** digits only, kept as text (codes, agencies, nosso número) */
  | 'numeric'
  /** digits only, read as a safe integer (counts) */
  | 'integer'
  /** any text, right-trimmed (names, fillers) */
  | 'alpha'
  /** DDMMAA, years 00-79 as 2000-2079 and 80-99 as 1980-1999 */
  | 'date-ddmmaa'
  /** DDMMAAAA */
  | 'date-ddmmaaaa'
  /** digits with two implied decimals, read as integer centavos */
  | 'amount';

export interface FieldSpec {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly type: FieldType;
  /** For dates: all zeros (or blanks) reads as "no date" instead of a rejection. */
  readonly optional?: boolean;
  /** The field must hold exactly this text (record type, segment, literals). */
  readonly constant?: string;
}

export interface RecordLayout<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  /** Where the table comes from, e.g. "FEBRABAN CNAB 240 v10.11, segmento T". */
  readonly source: string;
  readonly length: number;
  readonly fields: F;
}

type ValueOf<F extends FieldSpec> = F['type'] extends 'integer' | 'amount'
  ? number
  : F['type'] extends 'date-ddmmaa' | 'date-ddmmaaaa'
    ? F['optional'] extends true
      ? IsoDate | undefined
      : IsoDate
    : string;

/**
 * The decoded record: one property per field of the table, typed by the field's type.
 * Fillers (fields named `filler...`, the manuals' brancos) are checked only when they
 * hold a constant, and never decoded: nothing reads them, and 100,000 lines of unused
 * strings are work for the garbage collector.
 */
export type RecordOf<F extends readonly FieldSpec[]> = { readonly [S in F[number] as S['name'] extends `filler${string}` ? never : S['name']]: ValueOf<S> };

const isFiller = (field: FieldSpec): boolean => field.name.startsWith('filler');

export type ReadResult<F extends readonly FieldSpec[]> =
  | { readonly ok: true; readonly record: RecordOf<F> }
  | { readonly ok: false; readonly field: string; readonly reason: string };

/**
 * Decodes one line by its table. All or nothing: the first field that does not
 * decode rejects the whole line, so no half-read record ever reaches the caller.
 */
export function readRecord<F extends readonly FieldSpec[]>(layout: RecordLayout<F>, text: string): ReadResult<F> {
  if (text.length !== layout.length) {
    return { ok: false, field: 'line', reason: `has ${text.length} characters, the layout has ${layout.length}` };
  }
  const record: Record<string, unknown> = {};
  for (const field of layout.fields) {
    if (field.constant === undefined && isFiller(field)) continue;
    const raw = text.slice(field.start - 1, field.end);
    if (field.constant !== undefined && raw !== field.constant) {
      return { ok: false, field: field.name, reason: `must be "${field.constant}", found "${raw}"` };
    }
    if (isFiller(field)) continue;
    const decoded = decodeField(field, raw);
    if (typeof decoded === 'object') return { ok: false, field: field.name, reason: decoded.reason };
    record[field.name] = decoded === NO_DATE ? undefined : decoded;
  }
  return { ok: true, record: record as RecordOf<F> };
}

const NO_DATE = Symbol('no date');

function decodeField(field: FieldSpec, raw: string): string | number | typeof NO_DATE | { reason: string } {
  switch (field.type) {
    case 'alpha':
      return raw.trimEnd();
    case 'numeric':
      return allDigits(raw) ? raw : { reason: `must be digits, found "${raw}"` };
    case 'integer':
    case 'amount': {
      if (!allDigits(raw)) return { reason: `must be digits${field.type === 'amount' ? ' (two implied decimals)' : ''}, found "${raw}"` };
      const value = Number(raw);
      return Number.isSafeInteger(value) ? value : { reason: 'is out of range' };
    }
    case 'date-ddmmaa':
    case 'date-ddmmaaaa': {
      if (/^[0 ]*$/.test(raw)) return field.optional ? NO_DATE : { reason: 'is required, found no date' };
      const date = calendarDate(raw, field.type === 'date-ddmmaa');
      return date ?? { reason: `is not a date ${field.type === 'date-ddmmaa' ? 'DDMMAA' : 'DDMMAAAA'}: "${raw}"` };
    }
  }
}

function allDigits(raw: string): boolean {
  if (raw.length === 0) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** DDMMAA or DDMMAAAA as YYYY-MM-DD when the day exists on the calendar (no 31/02), else undefined. */
export function calendarDate(raw: string, twoDigitYear: boolean): IsoDate | undefined {
  if (raw.length !== (twoDigitYear ? 6 : 8) || !allDigits(raw)) return undefined;
  const day = Number(raw.slice(0, 2));
  const month = Number(raw.slice(2, 4));
  let year = Number(raw.slice(4));
  // Two-digit years in CNAB 400: banks started these files in the 1980s and still
  // write them; a pivot at 80 reads both eras right until 2079.
  if (twoDigitYear) year += year < 80 ? 2000 : 1900;
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day > days) return undefined;
  return `${String(year).padStart(4, '0')}-${raw.slice(2, 4)}-${raw.slice(0, 2)}`;
}

/** Why a table does not cover 1..length exactly once, or undefined (used by the layout specs). */
export function layoutProblem(layout: RecordLayout): string | undefined {
  let next = 1;
  const names = new Set<string>();
  for (const field of layout.fields) {
    if (field.start !== next) return `${field.name} starts at ${field.start}, expected ${next}`;
    if (field.end < field.start) return `${field.name} ends before it starts`;
    if (field.constant !== undefined && field.constant.length !== field.end - field.start + 1) return `${field.name}: constant has the wrong width`;
    if (!field.name.startsWith('filler') && names.has(field.name)) return `${field.name} appears twice`;
    names.add(field.name);
    next = field.end + 1;
  }
  return next === layout.length + 1 ? undefined : `fields end at ${next - 1}, the line has ${layout.length}`;
}

/**
 * The inverse of `readRecord`: writes a line from values by the same table (numbers
 * right-aligned with zeros, text left-aligned with blanks, dates as the table says,
 * constants filled in, a missing value as zeros or blanks). For generated files:
 * benchmarks and test data. Throws a RangeError for a value that does not fit.
 */
export function formatRecord(layout: RecordLayout, values: Readonly<Record<string, string | number | undefined>>): string {
  let line = '';
  for (const field of layout.fields) {
    const width = field.end - field.start + 1;
    const value = field.constant ?? values[field.name];
    let text: string;
    switch (field.type) {
      case 'alpha':
        text = String(value ?? '').slice(0, width).padEnd(width, ' ');
        break;
      case 'numeric':
      case 'integer':
      case 'amount':
        text = String(value ?? '').padStart(width, '0');
        if (!allDigits(text)) throw new RangeError(`formatRecord: ${field.name} must be a non-negative integer or digits, got ${String(value)}`);
        break;
      case 'date-ddmmaa':
      case 'date-ddmmaaaa': {
        const short = field.type === 'date-ddmmaa';
        if (value === undefined) {
          text = '0'.repeat(width);
          break;
        }
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
        if (!match) throw new RangeError(`formatRecord: ${field.name} must be a date YYYY-MM-DD, got ${String(value)}`);
        text = `${match[3]}${match[2]}${short ? match[1]!.slice(2) : match[1]}`;
        break;
      }
    }
    if (text.length !== width) throw new RangeError(`formatRecord: ${field.name} does not fit in ${width} characters: ${String(value)}`);
    line += text;
  }
  return line;
}
