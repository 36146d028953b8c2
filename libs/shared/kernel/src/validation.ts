import { isUuid } from './ids';
import { invalidCalendarDate, invalidInstant } from './untrusted-input';
import { ValidationError, type FieldViolation } from './validation-error';

/** A calendar date `YYYY-MM-DD`: due dates, payment dates, "as of" dates. No time zone. */
export type IsoDate = string;
/** An instant in UTC, ISO 8601 (`2026-03-01T12:00:00.000Z`): when something was recorded. */
export type IsoInstant = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function parseIsoDate(value: unknown, field: string): IsoDate {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!match) throw ValidationError.of(field, 'must be a calendar date YYYY-MM-DD');
  const date = match[0];
  if (invalidCalendarDate(date)) throw ValidationError.of(field, 'is not a real calendar date');
  return date;
}

/** Days since 1970-01-01 of a calendar date: date arithmetic on integers, no time zones. */
export function epochDay(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** Normalises any ISO 8601 instant with an offset to UTC, so the log holds one format. */
export function parseIsoInstant(value: unknown, field: string): IsoInstant {
  if (typeof value !== 'string') throw ValidationError.of(field, 'must be an ISO 8601 instant with a time zone, e.g. 2026-11-24T12:00:00Z');
  // one check of the shape, the calendar and the years 0001-9999, shared with the input edge
  const problem = invalidInstant(value);
  if (problem) throw ValidationError.of(field, problem);
  return new Date(value).toISOString();
}

/**
 * Refuses a business date that has not happened yet relative to the command's `now`.
 * One day of slack: a local date is at most one day ahead of the UTC date (UTC+14).
 */
export function parsePastOrPresentDate(value: unknown, field: string, now: IsoInstant): IsoDate {
  const date = parseIsoDate(value, field);
  refuseFutureDate(date, field, now);
  return date;
}

/** The check of `parsePastOrPresentDate` on a date already parsed (a rule relative to the command's `now`). */
export function refuseFutureDate(date: IsoDate, field: string, now: IsoInstant): void {
  if (epochDay(date) > epochDay(now.slice(0, 10)) + 1) throw ValidationError.of(field, 'must not be in the future');
}

export function parseText(value: unknown, field: string, { min = 1, max }: { min?: number; max: number }): string {
  if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string');
  const text = value.trim();
  if (text.length < min || text.length > max) throw ValidationError.of(field, `must have ${min}-${max} characters`);
  return text;
}

/** Who asks (user id, integration client, `system:<component>`), as it goes to the event envelope. */
export const parseActor = (value: unknown): string => parseText(value, 'actor', { max: 200 });

/** Aggregate ids are UUIDs minted by the platform (they end up in stream ids). */
export function parseUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw ValidationError.of(field, 'must be a UUID');
  return value.toLowerCase();
}

/** References to other systems' records (payment, agreement, contact point ids). */
export function parseReference(value: unknown, field: string): string {
  return parseText(value, field, { max: 100 });
}

export function parseOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw ValidationError.of(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A non-negative decimal rate as an exact fraction: "0.02" = 2 / 100. */
export interface DecimalRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function parseDecimalRate(value: unknown, field: string): DecimalRate {
  const match = typeof value === 'string' ? /^(\d{1,6})(?:\.(\d{1,12}))?$/.exec(value) : null;
  if (!match) throw ValidationError.of(field, 'must be a non-negative decimal string such as "0.02"');
  const [, whole = '0', fraction = ''] = match;
  return { numerator: BigInt(`${whole}${fraction}`), denominator: 10n ** BigInt(fraction.length) };
}

declare const rateBrand: unique symbol;
/**
 * A non-negative decimal rate as written (`"0.02"`), its format checked once at the
 * edge (`parseRate`): what commands and events carry. Compare it with `rateFraction`.
 */
export type Rate = string & { readonly [rateBrand]: true };

export function parseRate(value: unknown, field: string): Rate {
  parseDecimalRate(value, field);
  return value as Rate;
}

/** The exact fraction of a rate already parsed. */
export const rateFraction = (rate: Rate): DecimalRate => parseDecimalRate(rate, 'rate');

/**
 * An IANA time zone name, in its canonical spelling (`america/fortaleza` gives
 * `America/Fortaleza`). Named zones only: an offset such as "-03:00" cannot follow a
 * change of daylight saving rules, and contact hours are judged in local time.
 */
export function parseTimeZone(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) {
    throw ValidationError.of(field, 'must be an IANA time zone name, e.g. America/Sao_Paulo');
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw ValidationError.of(field, 'must be an IANA time zone name, e.g. America/Sao_Paulo');
  }
}

/** a <= b, compared exactly on integers (no floating point near the legal limits). */
export function rateAtMost(a: DecimalRate, b: DecimalRate): boolean {
  return a.numerator * b.denominator <= b.numerator * a.denominator;
}

/**
 * Runs every field check and reports all the failures at once, so an integrator
 * fixes a rejected payload in one round trip instead of one field at a time.
 */
export function validateAll<T extends Record<string, () => unknown>>(checks: T): { [K in keyof T]: ReturnType<T[K]> } {
  const parsed: Record<string, unknown> = {};
  const violations: FieldViolation[] = [];
  for (const [key, check] of Object.entries(checks)) {
    try {
      parsed[key] = check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      violations.push(...error.violations);
    }
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return parsed as { [K in keyof T]: ReturnType<T[K]> };
}

/** Throws the collected violations, if any (for checks that depend on parsed values). */
export function throwIfAny(violations: readonly FieldViolation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}
