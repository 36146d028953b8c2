import fc from 'fast-check';
import { contactHoursAt, nextAllowedInstant } from './contact-hours';
import { BRAZILIAN_STATES, BRAZILIAN_TIME_ZONES, parseContactProfile, type ContactProfile } from './contact-profile';
import { evaluateContact } from './evaluate-contact';
import { CHANNELS } from './contact-rule';
import type { ContactAttempt } from './frequency-caps';

const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

const profiles: fc.Arbitrary<ContactProfile> = fc.oneof(
  fc.constantFrom(...BRAZILIAN_STATES).map((state) => parseContactProfile({ country: 'BR', state })),
  fc.tuple(fc.constantFrom(...BRAZILIAN_STATES), fc.constantFrom(...BRAZILIAN_TIME_ZONES)).map(([state, timeZone]) => parseContactProfile({ country: 'BR', state, timeZone })),
  fc.constantFrom(...US_ZONES).map((timeZone) => parseContactProfile({ country: 'US', timeZone })),
);

const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2030, 0, 1);
// Any millisecond, or one on a whole minute (where window edges sit).
const instants = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => m * 60_000),
).map((ms) => new Date(ms).toISOString());

const allowed = (profile: ContactProfile, ms: number): boolean => contactHoursAt(profile, new Date(ms).toISOString()).kind === 'allowed';

describe('nextAllowedInstant, over any profile and instant of 2024-2029', () => {
  it('returns an allowed instant, never earlier than the one given', () => {
    fc.assert(
      fc.property(profiles, instants, (profile, instant) => {
        const next = nextAllowedInstant(profile, instant);
        return Date.parse(next) >= Date.parse(instant) && allowed(profile, Date.parse(next));
      }),
      { numRuns: 3000 },
    );
  });

  it('is minimal: a minute (or a millisecond) earlier is not allowed, unless it is the instant given', () => {
    fc.assert(
      fc.property(profiles, instants, (profile, instant) => {
        const next = Date.parse(nextAllowedInstant(profile, instant));
        if (next === Date.parse(instant)) return allowed(profile, next);
        return !allowed(profile, next - 60_000) && !allowed(profile, next - 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: the answer asked again is itself', () => {
    fc.assert(
      fc.property(profiles, instants, (profile, instant) => {
        const next = nextAllowedInstant(profile, instant);
        return nextAllowedInstant(profile, next) === next;
      }),
    );
  });
});

describe('nextAllowedInstant around the US clock changes', () => {
  // Second Sunday of March and first Sunday of November, 2024-2029, two days either side.
  const dstDays = [2024, 2025, 2026, 2027, 2028, 2029].flatMap((y) => {
    const nthSunday = (month: number, n: number) => {
      const first = new Date(Date.UTC(y, month, 1)).getUTCDay();
      return Date.UTC(y, month, 1 + ((7 - first) % 7) + 7 * (n - 1));
    };
    return [nthSunday(2, 2), nthSunday(10, 1)];
  });
  const nearChanges = fc.tuple(fc.constantFrom(...dstDays), fc.integer({ min: -2 * 86_400_000, max: 3 * 86_400_000 })).map(([day, offset]) => new Date(day + offset).toISOString());
  const usProfiles = fc.constantFrom(...US_ZONES).map((timeZone) => parseContactProfile({ country: 'US', timeZone }));

  it('answers an allowed, minimal instant on the nights clocks move', () => {
    fc.assert(
      fc.property(usProfiles, nearChanges, (profile, instant) => {
        const next = Date.parse(nextAllowedInstant(profile, instant));
        if (!allowed(profile, next) || next < Date.parse(instant)) return false;
        return next === Date.parse(instant) || !allowed(profile, next - 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('evaluateContact deferrals, over random histories', () => {
  const histories = (at: number): fc.Arbitrary<ContactAttempt[]> =>
    fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 8 * 86_400_000 }),
        channel: fc.constantFrom(...CHANNELS),
        debtId: fc.constantFrom('d1', 'd2'),
        conversation: fc.boolean(),
      }),
      { maxLength: 20 },
    ).map((items) => items.map((i) => ({ at: new Date(at - i.offset).toISOString(), channel: i.channel, debtId: i.debtId, conversation: i.conversation && i.channel === 'voice' })));

  it('defers to an instant that is itself allowed, and a minute before it (after the ask) is not', () => {
    fc.assert(
      fc.property(
        profiles,
        fc.integer({ min: FROM, max: TO }).chain((at) => fc.tuple(fc.constant(at), histories(at))),
        fc.constantFrom(...CHANNELS),
        (profile, [at, history], channel) => {
          const ask = (ms: number) => evaluateContact({ at: new Date(ms).toISOString(), profile, channel, debtId: 'd1', history, contactPoint: { optedOut: false, consent: 'granted' } });
          const decision = ask(at);
          if (decision.kind !== 'deferred') return decision.kind === 'allowed';
          const until = Date.parse(decision.until);
          if (until <= at || ask(until).kind !== 'allowed') return false;
          return until - 60_000 <= at || ask(until - 60_000).kind !== 'allowed';
        },
      ),
      { numRuns: 1500 },
    );
  });
});
