import { z } from 'zod';
import { parseIsoDate, unsafeText, ValidationError, type Clock, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

/** The query string of every KPI: a period of business dates, both ends included, and the debts' segment and portfolio. */
export const periodQuery = z.strictObject({
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  segment: z.string().max(50).optional(),
  portfolio: z.string().max(50).optional(),
});

export interface PeriodRequest {
  readonly from: IsoDate;
  /** Also the "as of" date of the stock figures (open, aging). */
  readonly to: IsoDate;
  /** Only the debts of this segment (as DebtRegistered published it; absent there: `default`) and the facts of those debts. */
  readonly segment?: string;
  /** Only the debts placed in this portfolio, and the facts of those debts. */
  readonly portfolio?: string;
}

/** A segment or portfolio as the debtors context publishes it: 1-50 characters, trimmed, no control character. */
function label(value: string | undefined, field: string, violations: { field: string; message: string }[]): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  // U+FFFD or a percent-encoding left in the text: bytes the query parser could not decode as UTF-8 (a lone surrogate)
  // eslint-disable-next-line no-control-regex
  if (text.length > 50 || /[\u0000-\u001f\u007f\ufffd]/.test(text) || unsafeText(text) !== undefined || /%[0-9A-Fa-f]{2}/.test(text)) {
    violations.push({ field, message: 'must have 1-50 characters of valid text, without control characters' });
    return undefined;
  }
  return text;
}

/**
 * The only validation edge of the KPIs (REST, gRPC, the dashboard's form): dates are
 * calendar dates 0001-9999; `to` defaults to today (the service's clock, UTC) and
 * `from` to the first of January of `to`'s year; `from` after `to` is refused.
 * `segment` and `portfolio` are optional filters (empty: none), 1-50 characters.
 */
export function parsePeriodRequest(input: unknown, clock: Clock): PeriodRequest {
  const query = parseInput(periodQuery, input ?? {});
  const violations: { field: string; message: string }[] = [];
  const date = (value: string | undefined, field: string, fallback: () => string): IsoDate | undefined => {
    try {
      return parseIsoDate(value === undefined || value === '' ? fallback() : value, field);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      violations.push(...error.violations);
      return undefined;
    }
  };
  const to = date(query.to, 'to', () => clock.now().toISOString().slice(0, 10));
  const from = date(query.from, 'from', () => `${(to ?? clock.now().toISOString()).slice(0, 4)}-01-01`);
  if (from && to && from > to) violations.push({ field: 'from', message: 'must not be after to' });
  const segment = label(query.segment, 'segment', violations);
  const portfolio = label(query.portfolio, 'portfolio', violations);
  if (violations.length > 0 || !from || !to) throw new ValidationError(violations);
  return { from, to, ...(segment === undefined ? {} : { segment }), ...(portfolio === undefined ? {} : { portfolio }) };
}
