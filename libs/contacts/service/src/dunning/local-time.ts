import type { IsoDate, IsoInstant } from '@collections/shared-kernel';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in minutes (e.g. -180 for America/Sao_Paulo). */
function offsetMinutes(timeZone: string, at: Date): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The first instant of a calendar day in a zone: when a step due "on day 5" may start
 * being tried there (the contact policy then moves it into the contact hours).
 */
export function startOfLocalDay(date: IsoDate, timeZone: string): IsoInstant {
  const midnightUtc = Date.parse(`${date}T00:00:00.000Z`);
  let guess = midnightUtc - offsetMinutes(timeZone, new Date(midnightUtc)) * 60_000;
  // a DST change between the guess and the answer: one correction settles it
  guess = midnightUtc - offsetMinutes(timeZone, new Date(guess)) * 60_000;
  return new Date(guess).toISOString();
}
