import { epochDay, type IsoDate } from '@collections/shared-kernel';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/**
 * The date `months` months after `date`, on the same day of the month, clamped to the
 * month's last day: from Jan 31, +1 is Feb 28 (29 in a leap year), +2 is Mar 31. Always
 * counted from the first date, never from the previous clamped one, so a plan starting on
 * the 31st does not drift to the 28th for the rest of its life.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const year = Number(date.slice(0, 4));
  const month0 = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const y = year + Math.floor(month0 / 12);
  const m1 = (((month0 % 12) + 12) % 12) + 1;
  return `${pad(y, 4)}-${pad(m1)}-${pad(Math.min(day, daysInMonth(y, m1)))}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date((epochDay(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}
