import { ValidationError, epochDay, parseIsoDate, type IsoDate } from '@collections/shared-kernel';

/**
 * The boleto's due-date factor (fator de vencimento): days since 1997-10-07 in four digits.
 * It reached 9999 on 2025-02-21 and restarted at 1000 on 2025-02-22 (FEBRABAN; Bradesco's
 * cobrança layout reproduces the rule), so every 9000 days the same factor names a new
 * date. 0000 means "no due date". Factors 0001-0999 belonged to 1997-2000 and are not
 * issued again: a date before 2000-07-03 (factor 1000 of the first cycle) is refused.
 */
export const FACTOR_BASE_DATE: IsoDate = '1997-10-07';
export const FIRST_FACTOR_DATE: IsoDate = '2000-07-03';
const FACTOR_MIN = 1000;
const CYCLE_DAYS = 9000;
// How far around the reference date a factor is looked for, as brazilian-utils resolves
// it: a boleto is read up to about 8 years after its due date, or 15 years ahead of it.
const WINDOW_BEFORE_DAYS = 3000;
const WINDOW_AFTER_DAYS = 5500;
const BASE_DAY = epochDay(FACTOR_BASE_DATE);

export function dueDateFactor(dueDate: IsoDate, field = 'dueDate'): string {
  const days = epochDay(parseIsoDate(dueDate, field)) - BASE_DAY;
  if (days < FACTOR_MIN) throw ValidationError.of(field, `must be on or after ${FIRST_FACTOR_DATE}: earlier dates have no due-date factor in use`);
  return String(((days - FACTOR_MIN) % CYCLE_DAYS) + FACTOR_MIN);
}

/**
 * The date a factor names, resolved to the cycle that puts it within the window around
 * `referenceDate` (or the nearest to it). `null` for 0000 (no due date).
 */
export function dueDateFromFactor(factor: string, referenceDate: IsoDate, field = 'line'): IsoDate | null {
  if (!/^\d{4}$/.test(factor)) throw ValidationError.of(field, 'the due-date factor must be 4 digits');
  const value = Number(factor);
  if (value === 0) return null;
  if (value < FACTOR_MIN) throw ValidationError.of(field, `due-date factor ${factor} is not in use since 2000 (factors restart at 1000)`);
  const reference = epochDay(parseIsoDate(referenceDate, 'referenceDate'));
  const firstCycle = Math.max(0, Math.floor((reference - BASE_DAY - value) / CYCLE_DAYS));
  let nearest = firstCycle * CYCLE_DAYS + value;
  for (const cycle of [firstCycle, firstCycle + 1]) {
    const offset = cycle * CYCLE_DAYS + value;
    const fromReference = BASE_DAY + offset - reference;
    if (fromReference >= -WINDOW_BEFORE_DAYS && fromReference <= WINDOW_AFTER_DAYS) return fromEpochDay(BASE_DAY + offset);
    if (Math.abs(fromReference) < Math.abs(BASE_DAY + nearest - reference)) nearest = offset;
  }
  return fromEpochDay(BASE_DAY + nearest);
}

function fromEpochDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
