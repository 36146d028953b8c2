import { addBusinessDays as addBrazilianBusinessDays, type BusinessDayOptions } from '@brazilian-utils/brazilian-utils';
import { epochDay, type IsoDate } from '@collections/shared-kernel';

/** A Brazilian UF whose state holidays count (the calendar a tenant's deadlines run on). */
export type BrazilianState = NonNullable<BusinessDayOptions['stateCode']>;

export const BRAZILIAN_STATES: readonly BrazilianState[] = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar date `days` calendar days after `date` (negative: before). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const ms = (epochDay(date) + days) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => epochDay(to) - epochDay(from);

/** The same day and month `years` later (29/02 becomes 28/02 in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(Math.min(day, last))}`;
}

/** The UTC calendar date of an instant: never earlier than the date in any Brazilian zone, so a period counted from it is never short. */
export const utcDateOf = (instant: string): IsoDate => new Date(instant).toISOString().slice(0, 10);

/**
 * `count` business days after `date` in a UF: weekends, national holidays and the UF's
 * state holidays are skipped (brazilian-utils, the library the contacts context's calendar
 * uses). Its `optional` entries (Carnival, Corpus Christi outside the DF) are business days:
 * they are pontos facultativos, not holidays in law, so a legal deadline does not stretch
 * over them (the shorter reading is the safe one for the creditor's duties). Municipal
 * holidays are not known. Dates outside 1900-2099 have no calendar: a RangeError.
 */
export function addBusinessDays(date: IsoDate, count: number, state: BrazilianState): IsoDate {
  // brazilian-utils reads a Date's local calendar day: build it from local components, read it back the same way
  const local = new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), 12);
  const result = addBrazilianBusinessDays(local, count, { stateCode: state, includeOptional: false });
  if (!result) throw new RangeError(`no business-day calendar for ${date} (+${count}) in ${state}`);
  return `${result.getFullYear()}-${pad(result.getMonth() + 1)}-${pad(result.getDate())}`;
}
