import type { Clock, IsoDate } from '@collections/shared-kernel';

/**
 * Today's date where the creditor collects (Brazil: America/Sao_Paulo): an offer's date,
 * the day an acceptance or a deadline counts from. A UTC date would move the day three
 * hours early every evening.
 */
export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

export function businessDate(clock: Clock, timeZone = BUSINESS_TIME_ZONE): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}

/** The first instant of a business date (00:00 in São Paulo, which has kept UTC-3 since 2019). */
export const startOfBusinessDay = (date: IsoDate): string => `${date}T03:00:00.000Z`;
