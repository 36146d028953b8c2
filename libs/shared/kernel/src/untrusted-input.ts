import { ValidationError, type FieldViolation } from './validation-error';

/**
 * The limits every service applies to untrusted input at its edge, before anything
 * hashes, stores or computes with it. Each guards against a failure seen in practice:
 *  - nesting: JSON.stringify and recursive walks overflow the stack a few thousand
 *    levels down (a 5xx, and a request hash that cannot be computed);
 *  - NUL: PostgreSQL refuses U+0000 in text and jsonb, after the request was accepted;
 *  - lone surrogates: not valid Unicode, refused by jsonb and by UTF-8 encoders;
 *  - numbers past 2^53: JSON parsing has already lost their precision, so no amount,
 *    count or rate can be trusted beyond it;
 *  - dates outside years 0001-9999: PostgreSQL's date types and JavaScript's ISO
 *    strings disagree there (a date of year 10000 prints as +010000-...).
 */
export interface InputLimits {
  /** Deepest nesting of objects and arrays (default 32; no request of ours needs more than 6). */
  readonly maxDepth: number;
  /** Longest string (default 100,000 characters). */
  readonly maxStringLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxStringLength: 100_000 };

/**
 * The first problem in a parsed JSON value, or undefined. Walks iteratively: a
 * recursive walk would overflow on exactly the nesting it must refuse.
 */
export function findUnsafeInput(value: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS, root = 'body'): FieldViolation | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unsafeText(current, limits);
      if (problem) return { field: path, message: problem };
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > Number.MAX_SAFE_INTEGER) {
        return { field: path, message: 'number is out of range (beyond ±2^53 no value can be represented exactly)' };
      }
    } else if (current !== null && typeof current === 'object') {
      if (depth >= limits.maxDepth) return { field: path, message: `nested deeper than ${limits.maxDepth} levels` };
      if (Array.isArray(current)) {
        for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${path}[${i}]`, depth: depth + 1 });
      } else {
        for (const [key, child] of Object.entries(current)) {
          const keyProblem = unsafeText(key, limits);
          if (keyProblem) return { field: `${path}.${printable(key)}`, message: `property name: ${keyProblem}` };
          stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
        }
      }
    }
  }
  return undefined;
}

/** Throws a ValidationError naming the field when the value breaks a limit. */
export function assertSafeInput(value: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS, root = 'body'): void {
  const violation = findUnsafeInput(value, limits, root);
  if (violation) throw new ValidationError([violation]);
}

/** Why a text cannot be accepted, or undefined. */
export function unsafeText(text: string, limits: Pick<InputLimits, 'maxStringLength'> = DEFAULT_INPUT_LIMITS): string | undefined {
  if (text.length > limits.maxStringLength) return `text longer than ${limits.maxStringLength} characters`;
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD` that exists (no 30 February), in years 0001-9999.
 * Returns the problem, or undefined.
 */
export function invalidCalendarDate(text: string): string | undefined {
  const match = CALENDAR_DATE.exec(text);
  if (!match) return 'must be a date as YYYY-MM-DD';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return 'year must be between 0001 and 9999';
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'is not a date of the calendar';
  return undefined;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with a zone (`Z` or `±hh:mm`), in years 0001-9999. Returns the problem, or undefined. */
export function invalidInstant(text: string): string | undefined {
  const match = INSTANT.exec(text);
  if (!match) return 'must be an ISO 8601 instant with a time zone, e.g. 2026-11-24T12:00:00Z';
  const dateProblem = invalidCalendarDate(`${match[1]}-${match[2]}-${match[3]}`);
  if (dateProblem) return dateProblem;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return 'is not a time of day';
  if (Number.isNaN(Date.parse(text))) return 'is not an instant';
  return undefined;
}

function printable(text: string): string {
  return JSON.stringify(text.slice(0, 40)).slice(1, -1);
}
