/**
 * The simulator's referee. It restates the law and the platform's caps in its own code and
 * never calls the policy: local time comes from its own Intl.DateTimeFormat (weekday read as
 * text, not computed), holidays from brazilian-utils' list, and the window table is written
 * out again here. If the policy and this file disagree, one of them is wrong.
 */
import { getHolidays, getTimezoneByState } from '@brazilian-utils/brazilian-utils';

export type Jurisdiction = { readonly country: 'BR'; readonly state: string; readonly zone?: string } | { readonly country: 'US'; readonly zone: string };

/** The zone the law is read in: the given one, else the UF capital's (brazilian-utils). */
export function zoneOf(j: Jurisdiction): string {
  if (j.country === 'US') return j.zone;
  const zone = j.zone ?? getTimezoneByState(j.state);
  if (zone === null) throw new Error(`no zone for ${j.state}`);
  return zone;
}

interface Wall {
  readonly date: string;
  readonly weekday: string;
  /** milliseconds since local midnight */
  readonly ms: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

export function wallClock(zone: string, instantMs: number): Wall {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(instantMs))) part[p.type] = p.value;
  const ms = ((Number(part['hour']) * 60 + Number(part['minute'])) * 60 + Number(part['second'])) * 1000 + (((instantMs % 1000) + 1000) % 1000);
  return { date: `${part['year']}-${part['month']}-${part['day']}`, weekday: part['weekday'] ?? '?', ms };
}

// The window table, restated: [from, to) in hours, per weekday name.
const H = 3_600_000;
const SP_LAW: Record<string, readonly [number, number] | undefined> = { Mon: [8, 20], Tue: [8, 20], Wed: [8, 20], Thu: [8, 20], Fri: [8, 20], Sat: [8, 14] };
const CE_LAW: Record<string, readonly [number, number] | undefined> = { Mon: [8, 18], Tue: [8, 18], Wed: [8, 18], Thu: [8, 18], Fri: [8, 18] };
const US_LAW: Record<string, readonly [number, number] | undefined> = { Sun: [8, 21], Mon: [8, 21], Tue: [8, 21], Wed: [8, 21], Thu: [8, 21], Fri: [8, 21], Sat: [8, 21] };

const holidayDates = new Map<string, Set<string>>();

/** Statutory holidays of a UF in a year as local dates: national and state entries, not pontos facultativos. */
export function holidaysOf(state: string, year: number): Set<string> {
  const key = `${state}:${year}`;
  let dates = holidayDates.get(key);
  if (!dates) {
    dates = new Set(
      getHolidays({ year, stateCode: state as never })
        .filter((h) => h.type === 'national' || h.type === 'state')
        .map((h) => `${h.date.getFullYear()}-${String(h.date.getMonth() + 1).padStart(2, '0')}-${String(h.date.getDate()).padStart(2, '0')}`),
    );
    holidayDates.set(key, dates);
  }
  return dates;
}

export type HoursVerdict = 'ok' | 'outside' | 'holiday';

/** Whether the law lets the debtor be contacted at that instant, judged independently. */
export function judgeHours(j: Jurisdiction, instantMs: number): HoursVerdict {
  const wall = wallClock(zoneOf(j), instantMs);
  if (j.country === 'BR' && holidaysOf(j.state, Number(wall.date.slice(0, 4))).has(wall.date)) return 'holiday';
  const law = j.country === 'US' ? US_LAW : j.state === 'CE' ? CE_LAW : SP_LAW;
  const window = law[wall.weekday];
  if (!window) return 'outside';
  return wall.ms >= window[0] * H && wall.ms < window[1] * H ? 'ok' : 'outside';
}

export interface SentAttempt {
  readonly ms: number;
  readonly channel: string;
  readonly debtId: string;
  readonly conversation: boolean;
}

const DAY = 86_400_000;

/**
 * The platform's caps, restated: per channel, fewer than `cap` earlier attempts in
 * (t - 7 days, t]; US voice: fewer than 7 calls about the debt in that window, and no
 * conversation about it such that t is before both its seventh 24-hour day ends and the
 * eighth local day begins.
 */
export function judgeCaps(j: Jurisdiction, t: number, channel: string, debtId: string, history: readonly SentAttempt[], caps: Readonly<Record<string, number>>): boolean {
  const recent = history.filter((a) => a.ms <= t && a.ms > t - 7 * DAY);
  if (recent.filter((a) => a.channel === channel).length >= (caps[channel] ?? 0)) return false;
  if (j.country === 'US' && channel === 'voice') {
    const calls = recent.filter((a) => a.channel === 'voice' && a.debtId === debtId);
    if (calls.length >= 7) return false;
    const zone = zoneOf(j);
    const tDate = wallClock(zone, t).date;
    for (const a of history) {
      if (!a.conversation || a.debtId !== debtId || a.channel !== 'voice' || a.ms > t) continue;
      const conversationDate = wallClock(zone, a.ms).date;
      const eighth = new Date(Date.parse(`${conversationDate}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10);
      if (t < a.ms + 7 * DAY || tDate < eighth) return false;
    }
  }
  return true;
}
