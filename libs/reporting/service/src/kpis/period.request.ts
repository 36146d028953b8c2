import { z } from 'zod';
import { parseIsoDate, ValidationError, type Clock, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

/** The query string of every KPI: a period of business dates, both ends included. */
export const periodQuery = z.strictObject({ from: z.string().max(10).optional(), to: z.string().max(10).optional() });

export interface PeriodRequest {
  readonly from: IsoDate;
  /** Also the "as of" date of the stock figures (open, aging). */
  readonly to: IsoDate;
}

/**
 * The only validation edge of the KPIs (REST, gRPC, the dashboard's form): dates are
 * calendar dates 0001-9999; `to` defaults to today (the service's clock, UTC) and
 * `from` to the first of January of `to`'s year; `from` after `to` is refused.
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
  if (violations.length > 0 || !from || !to) throw new ValidationError(violations);
  return { from, to };
}
