/**
 * Wall-clock arithmetic in an IANA zone with nothing but Node's Intl: the offset of a zone
 * at an instant, and the instant of a local date and time. Pure functions of their inputs.
 */

/** A local calendar date and time of day in some zone. `weekday`: 0 Sunday ... 6 Saturday. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  /** Milliseconds since local midnight (wall clock). */
  readonly msOfDay: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function offsetFromIntl(zone: string, epochMs: number): number {
  const floored = Math.floor(epochMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(zone).formatToParts(floored)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      default: break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - floored;
}

// Offsets change a few times a year at most. Each UTC day is asked of Intl once, at its two
// ends: when both give the same offset the whole day has it (no zone changes its offset twice
// within a day and back), so the simulator's million steps stay off formatToParts; only the
// instants of a transition day are asked one by one.
const dayCache = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC at that instant, in milliseconds (São Paulo: -3 h). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  let byDay = dayCache.get(zone);
  if (!byDay) {
    byDay = new Map();
    dayCache.set(zone, byDay);
  }
  const day = Math.floor(epochMs / MS_PER_DAY);
  let offset = byDay.get(day);
  if (offset === undefined) {
    const atStart = offsetFromIntl(zone, day * MS_PER_DAY);
    offset = atStart === offsetFromIntl(zone, (day + 1) * MS_PER_DAY - 1000) ? atStart : null;
    if (byDay.size > 100_000) byDay.clear();
    byDay.set(day, offset);
  }
  return offset ?? offsetFromIntl(zone, epochMs);
}

/** The local date and time of an instant in a zone. */
export function localTimeOf(zone: string, epochMs: number): LocalTime {
  const wall = epochMs + zoneOffsetMs(zone, epochMs);
  const days = Math.floor(wall / MS_PER_DAY);
  const date = new Date(days * MS_PER_DAY);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    msOfDay: wall - days * MS_PER_DAY,
  };
}

/** The local date `days` after the given one (calendar arithmetic, no zone involved). */
export function addLocalDays(local: Pick<LocalTime, 'year' | 'month' | 'day'>, days: number): Pick<LocalTime, 'year' | 'month' | 'day' | 'weekday'> {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
}

/**
 * The instant at which the zone's clocks show that local date and minute. A wall time that a
 * DST jump skips is moved forward by the gap (02:30 on a spring-forward night reads 03:30); one
 * shown twice resolves to the earlier.
 * (Contact windows open at 08:00, never inside a transition, but the answer stays defined.)
 */
export function instantOfLocal(zone: string, local: Pick<LocalTime, 'year' | 'month' | 'day'>, minuteOfDay: number): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day) + minuteOfDay * MS_PER_MINUTE;
  const first = wall - zoneOffsetMs(zone, wall);
  const second = wall - zoneOffsetMs(zone, first);
  if (first === second) {
    // repeated wall time: prefer the earlier reading if it shows the same wall time too
    const earlier = wall - zoneOffsetMs(zone, first - 3_600_000);
    return earlier < first && earlier + zoneOffsetMs(zone, earlier) === wall ? earlier : first;
  }
  // in a gap neither candidate shows `wall`; the later one is the first instant after it
  return second + zoneOffsetMs(zone, second) === wall ? second : Math.max(first, second);
}

/** The first instant of a calendar day in a zone (when a step due "on day 5" may start being tried there). */
export function startOfLocalDay(date: string, zone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(instantOfLocal(zone, { year, month, day }, 0)).toISOString();
}
