import { readFileSync, statSync } from 'node:fs';
import { systemClock, type Clock } from '@collections/shared-kernel';

/**
 * The development clock ("time travel" for a demo or a test across processes): the system
 * time plus an offset read from a file, e.g. `P11D`, `-PT3H`, `P1DT12H30M`, `P2W` (an
 * ISO-8601 duration in weeks, days, hours, minutes and seconds; years and months are
 * refused, their length varies) or a whole number of milliseconds (`950400000`). An
 * empty file is no offset.
 *
 * The file is looked at (its mtime, size and inode) at most every `pollMs` (200 ms): a
 * call to `now()` between two looks reads nothing from disk. A change is read at the next
 * look; content that does not parse keeps the last good offset and is reported once.
 * It is only for development: `clockFromEnv` refuses it when `NODE_ENV=production`.
 */
export class FileOffsetClock implements Clock {
  private offsetMs: number;
  private lookedAt: number;
  private seen: string;

  constructor(
    readonly file: string,
    private readonly options: {
      readonly pollMs?: number;
      /** The time the offset is added to (the system clock). */
      readonly base?: Clock;
      /** When to look at the file again: the real time, apart from `base` for tests. */
      readonly realNow?: () => number;
      readonly log?: (line: string) => void;
    } = {},
  ) {
    // at start-up a missing or unreadable file is an error: the operator asked for it
    const text = readFileSync(file, 'utf8');
    this.offsetMs = parseClockOffset(text);
    this.seen = fingerprint(file);
    this.lookedAt = this.realNow();
  }

  now(): Date {
    this.refresh();
    return new Date((this.options.base ?? systemClock).now().getTime() + this.offsetMs);
  }

  /** The offset in force (milliseconds), as of the last look at the file. */
  currentOffsetMs(): number {
    this.refresh();
    return this.offsetMs;
  }

  private realNow(): number {
    return this.options.realNow ? this.options.realNow() : Date.now();
  }

  private refresh(): void {
    const now = this.realNow();
    if (now - this.lookedAt < (this.options.pollMs ?? 200)) return;
    this.lookedAt = now;
    let seen: string;
    try {
      seen = fingerprint(this.file);
    } catch (error) {
      if (this.seen !== 'missing') this.options.log?.(`clock offset file ${this.file} unreadable, keeping ${this.offsetMs} ms: ${(error as Error).message}`);
      this.seen = 'missing';
      return;
    }
    if (seen === this.seen) return;
    this.seen = seen;
    try {
      this.offsetMs = parseClockOffset(readFileSync(this.file, 'utf8'));
      this.options.log?.(`clock offset now ${this.offsetMs} ms (${this.file})`);
    } catch (error) {
      this.options.log?.(`clock offset file ${this.file}: ${(error as Error).message}; keeping ${this.offsetMs} ms`);
    }
  }
}

function fingerprint(file: string): string {
  const stat = statSync(file);
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

const DURATION = /^([+-])?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** Beyond this (about 100 years) an offset is a mistake, not a demo. */
const MAX_OFFSET_MS = 100 * 366 * 86_400_000;

/** Milliseconds from `P11D`-style durations (weeks, days, hours, minutes, seconds; signed) or a whole number of milliseconds. */
export function parseClockOffset(text: string): number {
  const value = text.trim();
  if (value === '') return 0;
  let ms: number;
  if (/^[+-]?\d+$/.test(value)) {
    ms = Number(value);
  } else {
    const match = DURATION.exec(value.toUpperCase());
    if (!match || value.toUpperCase().endsWith('T') || !/\d/.test(value)) {
      throw new RangeError(`clock offset ${JSON.stringify(value.slice(0, 40))} is neither an ISO-8601 duration in weeks, days, hours, minutes and seconds (P11D, -PT3H) nor a whole number of milliseconds`);
    }
    const [, sign, weeks, days, hours, minutes, seconds] = match;
    const part = (v: string | undefined, unit: number) => (v === undefined ? 0 : Number(v) * unit);
    ms = Math.round(part(weeks, 7 * 86_400_000) + part(days, 86_400_000) + part(hours, 3_600_000) + part(minutes, 60_000) + part(seconds, 1000));
    if (sign === '-') ms = -ms;
  }
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_OFFSET_MS) throw new RangeError(`clock offset ${JSON.stringify(value.slice(0, 40))} is beyond 100 years`);
  return ms;
}

/**
 * The clock a service's domain uses, from its environment: the system clock, or with
 * `CLOCK_OFFSET_FILE` the system time plus the offset in that file (development and
 * tests only: refused when `NODE_ENV=production`). JWT verification keeps the real clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv, log?: (line: string) => void): Clock {
  const file = env['CLOCK_OFFSET_FILE'];
  if (!file) return systemClock;
  if (env['NODE_ENV'] === 'production') throw new Error('CLOCK_OFFSET_FILE is a development clock and is refused when NODE_ENV=production');
  return new FileOffsetClock(file, log ? { log } : {});
}
