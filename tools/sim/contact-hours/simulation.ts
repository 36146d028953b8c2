/**
 * The contact-hours simulation: many debtors in every UF (and some US zones) walk their
 * dunning cadence through a whole year; at each step the policy says when the step may go
 * (`evaluateContact`, with `nextAllowedInstant` as a cross-check) and the independent checker
 * judges that instant. Seeded: the same seed replays the same run.
 */
import { getHolidays } from '@brazilian-utils/brazilian-utils';
import {
  BRAZILIAN_STATES,
  CHANNELS,
  DEFAULT_FREQUENCY_CAPS,
  evaluateContact,
  nextAllowedInstant,
  parseContactProfile,
  type ContactAttempt,
  type ContactChannel,
  type ContactProfile,
  type FrequencyCaps,
} from '@collections/contacts-domain';
import { holidaysOf, judgeCaps, judgeHours, wallClock, zoneOf, type Jurisdiction, type SentAttempt } from './independent-checker';

export interface SimulationOptions {
  readonly seed: number;
  readonly steps: number;
  /** Called about every 10% of the steps. */
  readonly progress?: (done: number, report: SimulationReport) => void;
}

export interface SimulationReport {
  readonly seed: number;
  steps: number;
  debtors: number;
  sent: number;
  deferred: number;
  blocked: number;
  /** Sent at an instant the checker finds outside the legal window (or on a closed weekday). */
  outsideHours: number;
  /** Sent on a statutory holiday of the debtor's UF. */
  onHolidays: number;
  /** Sent although the checker counts a cap (per channel, Reg F) as full. */
  overCaps: number;
  /** Deferred although the checker allows the minute before the answer: over-cautious. */
  tooLate: number;
  /** evaluateContact and nextAllowedInstant disagree, or an opt-out / missing consent was not blocked. */
  inconsistent: number;
  usSteps: number;
  byRule: Record<string, number>;
  /** (UF, holiday date) pairs of the main year on which some step fell due; a date with two holidays (DF, 21 April) counts once. */
  holidaysHit: number;
  holidaysInYear: number;
  examples: string[];
}

/** mulberry32: small, fast, and good enough to spread a simulation. */
function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const YEAR = 2026;
const YEAR_START = Date.UTC(YEAR, 0, 1);
const YEAR_END = Date.UTC(YEAR + 1, 0, 1);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];
// Zones a UF may hold besides its capital's: the override the profile must honour.
const OTHER_ZONES: Partial<Record<string, readonly string[]>> = { PE: ['America/Noronha'], AM: ['America/Eirunepe'], PA: ['America/Santarem'], MT: ['America/Cuiaba'], TO: ['America/Araguaina'] };
const US_DST_DAYS = [Date.UTC(YEAR, 2, 8), Date.UTC(YEAR, 10, 1)];
// US voice gets room above Reg F's seven, so the federal rule is what binds there.
const US_CAPS: FrequencyCaps = { windowDays: 7, perChannel: { ...DEFAULT_FREQUENCY_CAPS.perChannel, voice: 10 } };

function statutoryHolidays(state: string): number[] {
  return getHolidays({ year: YEAR, stateCode: state as never })
    .filter((h) => h.type === 'national' || h.type === 'state')
    .map((h) => Date.UTC(h.date.getFullYear(), h.date.getMonth(), h.date.getDate()));
}

export function runContactHoursSimulation(options: SimulationOptions): SimulationReport {
  const random = randomSource(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const holidaysByState = new Map(BRAZILIAN_STATES.map((s) => [s, statutoryHolidays(s)] as const));
  const holidaysHit = new Set<string>();
  const report: SimulationReport = {
    seed: options.seed, steps: 0, debtors: 0, sent: 0, deferred: 0, blocked: 0, outsideHours: 0, onHolidays: 0, overCaps: 0, tooLate: 0,
    inconsistent: 0, usSteps: 0, byRule: {}, holidaysHit: 0, holidaysInYear: BRAZILIAN_STATES.reduce((n, state) => n + holidaysOf(state, YEAR).size, 0), examples: [],
  };
  const example = (text: string): void => {
    if (report.examples.length < 10) report.examples.push(text);
  };
  const progressEvery = Math.max(1, Math.floor(options.steps / 10));

  while (report.steps < options.steps) {
    // A debtor: a UF (now and then with its other zone) or, one in twelve, a US zone.
    let jurisdiction: Jurisdiction;
    let profile: ContactProfile;
    if (random() < 1 / 12) {
      const zone = pick(US_ZONES);
      jurisdiction = { country: 'US', zone };
      profile = parseContactProfile({ country: 'US', timeZone: zone });
    } else {
      const state = pick(BRAZILIAN_STATES);
      const others = OTHER_ZONES[state];
      const zone = others && random() < 0.3 ? pick(others) : undefined;
      jurisdiction = zone ? { country: 'BR', state, zone } : { country: 'BR', state };
      profile = parseContactProfile(zone ? { country: 'BR', state, timeZone: zone } : { country: 'BR', state });
    }
    report.debtors++;
    const zone = zoneOf(jurisdiction);
    const caps = jurisdiction.country === 'US' ? US_CAPS : DEFAULT_FREQUENCY_CAPS;
    const debts = random() < 0.5 ? ['d1'] : ['d1', 'd2'];

    // First due instant: any moment of the year, or one on a holiday of the UF, or near a DST change.
    const roll = random();
    let due: number;
    if (jurisdiction.country === 'BR' && roll < 0.35) {
      due = pick(holidaysByState.get(jurisdiction.state as (typeof BRAZILIAN_STATES)[number])!) + Math.floor(random() * 30 * HOUR);
    } else if (jurisdiction.country === 'US' && roll < 0.3) {
      due = pick(US_DST_DAYS) + Math.floor((random() * 4 - 2) * DAY);
    } else {
      due = YEAR_START + Math.floor(random() * (YEAR_END - YEAR_START));
    }

    const history: SentAttempt[] = [];
    const attempts: ContactAttempt[] = [];
    // US debtors get longer, call-heavy cadences, so Reg F's seven-in-seven binds now and then.
    const us = jurisdiction.country === 'US';
    const cadence = 1 + Math.floor(random() * (us ? 24 : 12));
    for (let k = 0; k < cadence && report.steps < options.steps; k++) {
      report.steps++;
      if (jurisdiction.country === 'US') report.usSteps++;
      const channel: ContactChannel = us && random() < 0.6 ? 'voice' : pick(CHANNELS);
      const debtId = pick(debts);
      const blockRoll = random();
      const contactPoint = { optedOut: blockRoll < 0.01, consent: blockRoll >= 0.01 && blockRoll < 0.02 ? ('not_granted' as const) : ('granted' as const) };
      if (jurisdiction.country === 'BR') {
        const dueWall = wallClock(zone, due);
        if (Number(dueWall.date.slice(0, 4)) === YEAR && holidaysOf(jurisdiction.state, YEAR).has(dueWall.date)) holidaysHit.add(`${jurisdiction.state}:${dueWall.date}`);
      }
      // only the last eight days can matter to a seven-day window
      while (history.length > 0 && history[0]!.ms <= due - 8 * DAY) {
        history.shift();
        attempts.shift();
      }

      const dueIso = new Date(due).toISOString();
      const decision = evaluateContact({ at: dueIso, profile, channel, debtId, history: attempts, caps, contactPoint });
      const hoursOnly = Date.parse(nextAllowedInstant(profile, dueIso));
      if (decision.kind === 'blocked') {
        report.blocked++;
        report.byRule[decision.rule.code] = (report.byRule[decision.rule.code] ?? 0) + 1;
        if (!contactPoint.optedOut && contactPoint.consent === 'granted') {
          report.inconsistent++;
          example(`blocked without opt-out or missing consent: ${dueIso} ${JSON.stringify(profile)}`);
        }
        due += Math.floor(random() * 2 * DAY);
        continue;
      }
      if (contactPoint.optedOut || contactPoint.consent !== 'granted') {
        report.inconsistent++;
        example(`not blocked despite opt-out / no consent: ${dueIso} ${JSON.stringify(profile)}`);
      }
      const sendAt = decision.kind === 'allowed' ? due : Date.parse(decision.until);
      if (decision.kind === 'deferred') {
        report.deferred++;
        report.byRule[decision.rule.code] = (report.byRule[decision.rule.code] ?? 0) + 1;
      }
      if (sendAt < hoursOnly || sendAt < due) {
        report.inconsistent++;
        example(`evaluateContact ${new Date(sendAt).toISOString()} before nextAllowedInstant ${new Date(hoursOnly).toISOString()} for due ${dueIso} ${JSON.stringify(profile)}`);
      }

      // The referee's verdict on the instant the step goes.
      const hours = judgeHours(jurisdiction, sendAt);
      if (hours === 'outside') {
        report.outsideHours++;
        example(`outside legal hours: ${new Date(sendAt).toISOString()} (${JSON.stringify(wallClock(zone, sendAt))}) ${JSON.stringify(profile)} due ${dueIso}`);
      } else if (hours === 'holiday') {
        report.onHolidays++;
        example(`on a holiday: ${new Date(sendAt).toISOString()} (${wallClock(zone, sendAt).date}) ${JSON.stringify(profile)} due ${dueIso}`);
      }
      if (!judgeCaps(jurisdiction, sendAt, channel, debtId, history, caps.perChannel)) {
        report.overCaps++;
        example(`over a cap: ${channel} at ${new Date(sendAt).toISOString()} ${JSON.stringify(profile)}`);
      }
      // Minimal: the minute before the answer (if after the due instant) must be refused by the referee too.
      if (sendAt > due) {
        const probe = Math.max(due, sendAt - MINUTE);
        if (judgeHours(jurisdiction, probe) === 'ok' && judgeCaps(jurisdiction, probe, channel, debtId, history, caps.perChannel)) {
          report.tooLate++;
          example(`deferred too far: ${new Date(probe).toISOString()} was allowed, answer ${new Date(sendAt).toISOString()} ${JSON.stringify(profile)}`);
        }
      }

      report.sent++;
      const conversation = channel === 'voice' && random() < (us ? 0.05 : 0.25);
      history.push({ ms: sendAt, channel, debtId, conversation });
      attempts.push({ at: new Date(sendAt).toISOString(), channel, debtId, conversation });

      // Next step: often right away (to fill the caps), else within hours or days; odd seconds on purpose.
      const gapRoll = random();
      const gap = gapRoll < 0.2 ? 0 : gapRoll < 0.8 ? Math.floor(random() * 2 * DAY) : Math.floor(2 * DAY + random() * 8 * DAY);
      due = sendAt + gap;

      if (report.steps % progressEvery === 0) options.progress?.(report.steps, report);
    }
  }
  report.holidaysHit = holidaysHit.size;
  return report;
}

/** The line the simulator ends with, exactly: `N steps, N outside legal hours, N on holidays`. */
export function lastLine(report: SimulationReport): string {
  return `${report.steps} steps, ${report.outsideHours} outside legal hours, ${report.onHolidays} on holidays`;
}

/** Whether the run found nothing wrong: the exit status of the simulator. */
export function passed(report: SimulationReport): boolean {
  return report.outsideHours === 0 && report.onHolidays === 0 && report.overCaps === 0 && report.tooLate === 0 && report.inconsistent === 0;
}
