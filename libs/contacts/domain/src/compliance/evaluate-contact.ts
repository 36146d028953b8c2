import type { IsoInstant } from '@collections/shared-kernel';
import { contactHoursAtMs, epochMsOf, nextAllowedMs } from './contact-hours';
import type { ContactChannel, ContactRule } from './contact-rule';
import type { ContactProfile } from './contact-profile';
import { DEFAULT_FREQUENCY_CAPS, capBreaches, parseFrequencyCaps, type ContactAttempt, type FrequencyCaps, type TimedAttempt } from './frequency-caps';

/** What the policy knows of the contact point: the debtor's opt-out and consent on it. */
export interface ContactPointStatus {
  readonly optedOut: boolean;
  readonly consent: 'granted' | 'not_granted';
}

export interface ContactRequest {
  readonly at: IsoInstant;
  readonly profile: ContactProfile;
  readonly channel: ContactChannel;
  readonly debtId: string;
  /** The debtor's attempts so far, on every channel and debt (order does not matter). */
  readonly history: readonly ContactAttempt[];
  /** The creditor's caps; DEFAULT_FREQUENCY_CAPS when absent. */
  readonly caps?: FrequencyCaps;
  readonly contactPoint: ContactPointStatus;
}

export type ContactDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'deferred'; readonly until: IsoInstant; readonly rule: ContactRule }
  | { readonly kind: 'blocked'; readonly rule: ContactRule };

// Each round moves past at least one attempt's window or one closed day; a history of any
// realistic size settles in a handful. The bound only turns a bug into an error.
const MAX_ROUNDS = 1_000;

/**
 * Whether a step may contact the debtor now, and if not, why and until when.
 *
 * - Opt-out and missing consent block: nothing but the debtor can lift them.
 * - Contact hours apply to every channel, e-mail and letters included. The laws speak of
 *   calls and messages; applying them to all is the conservative reading, and a message that
 *   lands at 23:00 is what debtors complain about whatever the channel.
 * - The caps (per channel; Reg F's call rules on `voice` for US profiles) defer.
 *
 * A deferral's `until` is the first instant every rule allows together: the hours are found,
 * then the caps pushed past, then the hours again, until both agree. `rule` is the first rule
 * that forbids contact at `at`, the one an auditor asks about.
 */
export function evaluateContact(request: ContactRequest): ContactDecision {
  const { profile, channel, debtId, contactPoint } = request;
  if (contactPoint.optedOut) {
    return {
      kind: 'blocked',
      rule: {
        code: 'OPTED_OUT',
        article: profile.country === 'BR' ? 'LGPD art. 18 §2 (oposição)' : '12 CFR 1006.6(c), 1006.6(e)',
        detail: `the debtor opted out of ${channel}`,
      },
    };
  }
  if (contactPoint.consent !== 'granted') {
    return {
      kind: 'blocked',
      rule: {
        code: 'NO_CONSENT',
        article: profile.country === 'BR' ? 'LGPD art. 7' : '47 U.S.C. 227(b) (TCPA)',
        detail: `no consent recorded for ${channel}`,
      },
    };
  }
  const caps = request.caps === undefined ? DEFAULT_FREQUENCY_CAPS : parseFrequencyCaps(request.caps);
  const history: TimedAttempt[] = request.history.map((a, i) => ({ ms: epochMsOf(a.at, `history[${i}].at`), channel: a.channel, debtId: a.debtId, conversation: a.conversation }));
  const at = epochMsOf(request.at, 'at');

  const hours = contactHoursAtMs(profile, at);
  const breachesNow = capBreaches(profile, channel, debtId, history, caps, at);
  const first = hours.kind === 'forbidden' ? hours.rule : breachesNow[0]?.rule;
  if (first === undefined) return { kind: 'allowed' };

  let t = at;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const inHours = nextAllowedMs(profile, t);
    const breaches = capBreaches(profile, channel, debtId, history, caps, inHours);
    if (breaches.length === 0) return { kind: 'deferred', until: new Date(inHours).toISOString(), rule: first };
    t = Math.max(...breaches.map((b) => b.until));
  }
  throw new Error(`evaluateContact: no instant found within ${MAX_ROUNDS} rounds for debt ${debtId}`);
}
