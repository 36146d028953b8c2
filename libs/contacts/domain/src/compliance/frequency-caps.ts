import { ValidationError, type IsoInstant } from '@collections/shared-kernel';
import { CHANNELS, type ContactChannel, type ContactRule } from './contact-rule';
import type { ContactProfile } from './contact-profile';
import { addLocalDays, instantOfLocal, localTimeOf } from './local-time';

/** One contact attempt already made to the debtor (any debt, any channel), whatever its outcome. */
export interface ContactAttempt {
  readonly at: IsoInstant;
  readonly channel: ContactChannel;
  readonly debtId: string;
  /** The debtor was reached in a telephone conversation about this debt (Reg F 1006.14(b)(2)(i)(B)). */
  readonly conversation: boolean;
}

/** How often the creditor lets a debtor be contacted on each channel, over a rolling window. */
export interface FrequencyCaps {
  /** Most attempts per channel, per debtor (all of their debts together), within the window. */
  readonly perChannel: Readonly<Record<ContactChannel, number>>;
  readonly windowDays: number;
}

/**
 * Brazil has no numeric cap in law: CDC art. 42 forbids exposing the debtor to embarrassment
 * or harassment, and what is "too often" is the creditor's policy. Defaults: three a week on
 * each electronic channel and on voice (well under Reg F's seven calls), one letter a week.
 */
export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = {
  perChannel: { email: 3, sms: 3, whatsapp: 3, voice: 3, letter: 1 },
  windowDays: 7,
};

/** Reg F 12 CFR 1006.14(b)(2)(i)(A): more than seven calls about a debt within seven consecutive days is presumed harassment. */
export const REG_F_MAX_CALLS = 7;
export const REG_F_DAYS = 7;

const MS_PER_DAY = 86_400_000;

export function parseFrequencyCaps(caps: FrequencyCaps, field = 'caps'): FrequencyCaps {
  if (!Number.isInteger(caps.windowDays) || caps.windowDays < 1 || caps.windowDays > 365) {
    throw ValidationError.of(`${field}.windowDays`, 'must be a whole number of days from 1 to 365');
  }
  for (const channel of CHANNELS) {
    const cap = caps.perChannel[channel];
    if (!Number.isInteger(cap) || cap < 1) throw ValidationError.of(`${field}.perChannel.${channel}`, 'must be a whole number of attempts, at least 1');
  }
  return caps;
}

/** A history entry on epoch milliseconds, parsed once per evaluation. */
export interface TimedAttempt {
  readonly ms: number;
  readonly channel: ContactChannel;
  readonly debtId: string;
  readonly conversation: boolean;
}

/** A cap that forbids contact at some instant, and the first instant it alone would allow it again. */
export interface CapBreach {
  readonly rule: ContactRule;
  readonly until: number;
}

/**
 * The instant the count of attempts in a rolling window (t - window, t] falls below `max`:
 * the (n - max + 1)-th newest of those attempts leaves it. Attempts after `t` are not yet made.
 */
function rollingBreach(times: readonly number[], t: number, windowMs: number, max: number): number | undefined {
  const inWindow = times.filter((ms) => ms <= t && ms > t - windowMs).sort((a, b) => a - b);
  if (inWindow.length < max) return undefined;
  return inWindow[inWindow.length - max]! + windowMs;
}

/**
 * The frequency rules that forbid one more attempt on `channel` about `debtId` at `t`, each
 * with the instant it would lift. Windows are rolling 24-hour days, stricter than Reg F's
 * "seven consecutive days" of the calendar: (t - 7 days, t] holds every call of the six
 * calendar days before t's and of t's own day so far.
 */
export function capBreaches(
  profile: ContactProfile,
  channel: ContactChannel,
  debtId: string,
  history: readonly TimedAttempt[],
  caps: FrequencyCaps,
  t: number,
): CapBreach[] {
  const breaches: CapBreach[] = [];
  if (profile.country === 'US' && channel === 'voice') {
    const calls = history.filter((a) => a.channel === 'voice' && a.debtId === debtId);
    // The conversation's date is the first of the seven days: no call before the eighth
    // local day starts, nor before seven full days have passed (whichever is later).
    const conversations = calls.filter((a) => a.conversation && a.ms <= t);
    const last = conversations.reduce<number | undefined>((latest, a) => (latest === undefined || a.ms > latest ? a.ms : latest), undefined);
    if (last !== undefined) {
      const eighthDay = instantOfLocal(profile.timeZone, addLocalDays(localTimeOf(profile.timeZone, last), REG_F_DAYS), 0);
      const until = Math.max(last + REG_F_DAYS * MS_PER_DAY, eighthDay);
      if (t < until) {
        breaches.push({
          until,
          rule: {
            code: 'REG_F_AFTER_CONVERSATION',
            article: '12 CFR 1006.14(b)(2)(i)(B)',
            detail: `telephone conversation about debt ${debtId} at ${new Date(last).toISOString()}: no call for ${REG_F_DAYS} days, until ${new Date(until).toISOString()}`,
          },
        });
      }
    }
    const callCapUntil = rollingBreach(calls.map((a) => a.ms), t, REG_F_DAYS * MS_PER_DAY, REG_F_MAX_CALLS);
    if (callCapUntil !== undefined) {
      breaches.push({
        until: callCapUntil,
        rule: {
          code: 'REG_F_CALL_CAP',
          article: '12 CFR 1006.14(b)(2)(i)(A)',
          detail: `${REG_F_MAX_CALLS} calls about debt ${debtId} within ${REG_F_DAYS} days already; the next is allowed from ${new Date(callCapUntil).toISOString()}`,
        },
      });
    }
  }
  const max = caps.perChannel[channel];
  const capUntil = rollingBreach(history.filter((a) => a.channel === channel).map((a) => a.ms), t, caps.windowDays * MS_PER_DAY, max);
  if (capUntil !== undefined) {
    breaches.push({
      until: capUntil,
      rule: {
        code: 'FREQUENCY_CAP',
        article: profile.country === 'BR' ? 'CDC art. 42 (frequency set by creditor policy)' : 'creditor policy (FDCPA §806 harassment)',
        detail: `${max} ${channel} attempts within ${caps.windowDays} days already; the next is allowed from ${new Date(capUntil).toISOString()}`,
      },
    });
  }
  return breaches;
}
