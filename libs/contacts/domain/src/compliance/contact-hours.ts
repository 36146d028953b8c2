import { getHolidays } from '@brazilian-utils/brazilian-utils';
import { ValidationError, type IsoInstant } from '@collections/shared-kernel';
import type { ContactRule } from './contact-rule';
import type { BrazilianState, ContactProfile } from './contact-profile';
import { addLocalDays, instantOfLocal, localTimeOf, type LocalTime } from './local-time';

/** One day's window in local wall-clock minutes: `from` included, `to` excluded (20:00:00 is out). */
export interface DailyWindow {
  readonly from: number;
  readonly to: number;
}

/** A contact-hour law as data: a window per weekday (0 Sunday ... 6 Saturday), and whether holidays close the day. */
export interface ContactHoursLaw {
  readonly article: string;
  readonly week: readonly [DailyWindow | null, DailyWindow | null, DailyWindow | null, DailyWindow | null, DailyWindow | null, DailyWindow | null, DailyWindow | null];
  readonly closedOnHolidays: boolean;
}

const hours = (from: number, to: number): DailyWindow => ({ from: from * 60, to: to * 60 });

/**
 * São Paulo's Lei 15.426/2014: Monday to Friday 08:00-20:00, Saturday 08:00-14:00, never on
 * Sundays or holidays. It binds only SP; the platform applies it to every UF without a law
 * of its own as the conservative default, so a debtor anywhere in Brazil gets at least it.
 */
export const DEFAULT_BR_CONTACT_HOURS: ContactHoursLaw = {
  article: 'Lei estadual SP 15.426/2014',
  week: [null, hours(8, 20), hours(8, 20), hours(8, 20), hours(8, 20), hours(8, 20), hours(8, 14)],
  closedOnHolidays: true,
};

/**
 * States whose own law is stricter than the default. Ceará, Lei estadual 16.836/2019 art. 2º:
 * calls for collection only Monday to Friday 08:00-18:00, never Saturdays, Sundays or holidays.
 * A new state law is one more entry here.
 */
export const STATE_CONTACT_HOURS: Readonly<Partial<Record<BrazilianState, ContactHoursLaw>>> = {
  CE: {
    article: 'Lei estadual CE 16.836/2019, art. 2º',
    week: [null, hours(8, 18), hours(8, 18), hours(8, 18), hours(8, 18), hours(8, 18), null],
    closedOnHolidays: true,
  },
};

/**
 * FDCPA §805(a)(1) and Regulation F 12 CFR 1006.6(b)(1)(i): no communication before 08:00 or
 * after 21:00 at the consumer's location, any day; Reg F has no holiday rule.
 */
export const US_CONTACT_HOURS: ContactHoursLaw = {
  article: '12 CFR 1006.6(b)(1)(i) (FDCPA §805(a)(1))',
  week: [hours(8, 21), hours(8, 21), hours(8, 21), hours(8, 21), hours(8, 21), hours(8, 21), hours(8, 21)],
  closedOnHolidays: false,
};

export function contactHoursLawFor(profile: ContactProfile): ContactHoursLaw {
  return profile.country === 'US' ? US_CONTACT_HOURS : (STATE_CONTACT_HOURS[profile.state] ?? DEFAULT_BR_CONTACT_HOURS);
}

export interface Holiday {
  readonly name: string;
  readonly type: 'national' | 'state';
}

const holidayTables = new Map<string, ReadonlyMap<number, Holiday>>();

/**
 * The holidays that close a day in a UF: brazilian-utils' `national` and `state` entries
 * (national law, and each UF's own, 20/11 national since Lei 14.759/2023). Its `optional`
 * entries are left out on purpose: Carnival and (outside the DF) Corpus Christi are pontos
 * facultativos in the federal calendar, not holidays in law, so contact is allowed then;
 * `religious` (Easter Sunday) is a Sunday anyway. Municipal holidays are not known.
 */
export function holidayOn(state: BrazilianState, year: number, month: number, day: number): Holiday | undefined {
  const key = `${state}-${year}`;
  let table = holidayTables.get(key);
  if (!table) {
    const byDay = new Map<number, Holiday>();
    for (const holiday of getHolidays({ year, stateCode: state })) {
      if (holiday.type !== 'national' && holiday.type !== 'state') continue;
      // brazilian-utils gives each date at local midnight of the process: read it back the same way
      const slot = (holiday.date.getMonth() + 1) * 100 + holiday.date.getDate();
      const known = byDay.get(slot);
      byDay.set(slot, known ? { name: `${known.name} / ${holiday.name}`, type: known.type } : { name: holiday.name, type: holiday.type });
    }
    table = byDay;
    holidayTables.set(key, table);
  }
  return table.get(month * 100 + day);
}

export type ContactHoursAnswer = { readonly kind: 'allowed' } | { readonly kind: 'forbidden'; readonly rule: ContactRule };

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const localDate = (local: Pick<LocalTime, 'year' | 'month' | 'day'>): string => `${local.year}-${pad(local.month)}-${pad(local.day)}`;

function describe(local: LocalTime, zone: string): string {
  const seconds = Math.floor(local.msOfDay / 1000);
  return `${WEEKDAYS[local.weekday]} ${localDate(local)} ${hhmm(Math.floor(seconds / 60))}:${pad(seconds % 60)} in ${zone}`;
}

function windowText(law: ContactHoursLaw): string {
  return law.week.map((w, d) => `${WEEKDAYS[d]} ${w ? `${hhmm(w.from)}-${hhmm(w.to)}` : 'closed'}`).join(', ');
}

/** Epoch milliseconds of an instant the caller vouches for; garbage is a ValidationError, not NaN arithmetic. */
export function epochMsOf(instant: IsoInstant, field: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw ValidationError.of(field, 'must be an ISO 8601 instant, e.g. 2026-11-24T12:00:00Z');
  return ms;
}

/** The same as `contactHoursAt`, on epoch milliseconds. */
export function contactHoursAtMs(profile: ContactProfile, epochMs: number): ContactHoursAnswer {
  const law = contactHoursLawFor(profile);
  const local = localTimeOf(profile.timeZone, epochMs);
  const window = law.week[local.weekday] ?? null;
  if (window === null && local.weekday === 0) {
    return { kind: 'forbidden', rule: { code: 'SUNDAY', article: law.article, detail: `${describe(local, profile.timeZone)}: no contact on Sundays` } };
  }
  if (law.closedOnHolidays && profile.country === 'BR') {
    const holiday = holidayOn(profile.state, local.year, local.month, local.day);
    if (holiday) {
      return {
        kind: 'forbidden',
        rule: { code: 'HOLIDAY', article: law.article, detail: `${describe(local, profile.timeZone)}: ${holiday.name} (${holiday.type} holiday in ${profile.state})` },
      };
    }
  }
  if (window === null || local.msOfDay < window.from * 60_000 || local.msOfDay >= window.to * 60_000) {
    return {
      kind: 'forbidden',
      rule: { code: 'OUTSIDE_CONTACT_HOURS', article: law.article, detail: `${describe(local, profile.timeZone)}: outside ${windowText(law)}` },
    };
  }
  return { kind: 'allowed' };
}

/** Whether the law of the debtor's profile lets anyone contact them at that instant, and if not, the rule. */
export function contactHoursAt(profile: ContactProfile, instant: IsoInstant): ContactHoursAnswer {
  return contactHoursAtMs(profile, epochMsOf(instant, 'instant'));
}

// Longest closed run: a Saturday-closed law (CE) around a Friday-to-Monday holiday row
// stays far under a fortnight.
const MAX_DAYS_AHEAD = 14;

/** The same as `nextAllowedInstant`, on epoch milliseconds. */
export function nextAllowedMs(profile: ContactProfile, epochMs: number): number {
  const law = contactHoursLawFor(profile);
  const today = localTimeOf(profile.timeZone, epochMs);
  for (let offset = 0; offset <= MAX_DAYS_AHEAD; offset++) {
    const date = addLocalDays(today, offset);
    const window = law.week[date.weekday] ?? null;
    if (window === null) continue;
    if (law.closedOnHolidays && profile.country === 'BR' && holidayOn(profile.state, date.year, date.month, date.day)) continue;
    // Each edge is converted on its own day, so a DST change between days moves nothing.
    const opens = instantOfLocal(profile.timeZone, date, window.from);
    const closes = instantOfLocal(profile.timeZone, date, window.to);
    if (epochMs < closes) return Math.max(epochMs, opens);
  }
  throw new Error(`no contact window within ${MAX_DAYS_AHEAD} days of ${new Date(epochMs).toISOString()} for ${JSON.stringify(profile)}`);
}

/**
 * The earliest instant at or after `instant` at which the debtor's contact-hour law allows
 * contact: the instant itself when it is inside a window, else the opening of the next one
 * (skipping Sundays, closed Saturdays and holidays of the debtor's UF).
 */
export function nextAllowedInstant(profile: ContactProfile, instant: IsoInstant): IsoInstant {
  return new Date(nextAllowedMs(profile, epochMsOf(instant, 'instant'))).toISOString();
}
