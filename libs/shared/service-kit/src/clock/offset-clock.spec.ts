import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestClock, systemClock } from '@collections/shared-kernel';
import { FileOffsetClock, clockFromEnv, parseClockOffset } from './offset-clock';

const DAY = 86_400_000;

describe('parseClockOffset', () => {
  it.each([
    ['P11D', 11 * DAY],
    ['p11d', 11 * DAY],
    ['-PT3H', -3 * 3_600_000],
    ['+P1DT12H30M', DAY + 12.5 * 3_600_000],
    ['P2W', 14 * DAY],
    ['PT1.5S', 1500],
    ['950400000', 950_400_000],
    ['-1000', -1000],
    ['  P1D\n', DAY],
    ['', 0],
  ])('reads %j as %d ms', (text, ms) => expect(parseClockOffset(text)).toBe(ms));

  it.each(['P1Y', 'P1M', 'P', 'PT', 'P1DT', '11 days', '1e9', 'P1D; rm -rf', '\u0000', `P${'9'.repeat(30)}D`, '9'.repeat(20)])('refuses %j', (text) => {
    expect(() => parseClockOffset(text)).toThrow(RangeError);
  });
});

describe('FileOffsetClock', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offset-clock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const fileWith = (text: string): string => {
    const file = path.join(dir, `offset-${++n}`);
    writeFileSync(file, text);
    return file;
  };
  /** A write as an editor or `echo > file` makes it, replacing the file. */
  const replace = (file: string, text: string): void => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };

  it('is the base time plus the offset in the file', () => {
    const base = new TestClock('2026-03-02T12:00:00.000Z');
    const clock = new FileOffsetClock(fileWith('P11D'), { base });
    expect(clock.now().toISOString()).toBe('2026-03-13T12:00:00.000Z');
    base.advance({ minutes: 5 });
    expect(clock.now().toISOString()).toBe('2026-03-13T12:05:00.000Z');
  });

  it('reads a changed file only once the poll interval has passed since the last look', () => {
    const base = new TestClock('2026-03-02T12:00:00.000Z');
    let real = 1_000_000;
    const file = fileWith('P1D');
    const clock = new FileOffsetClock(file, { base, realNow: () => real, pollMs: 200 });
    replace(file, 'P3D');
    real += 199;
    expect(clock.now().toISOString()).toBe('2026-03-03T12:00:00.000Z');
    real += 1;
    expect(clock.now().toISOString()).toBe('2026-03-05T12:00:00.000Z');
  });

  it('keeps the last good offset when the file is unreadable or garbled, and says so', () => {
    const base = new TestClock('2026-03-02T12:00:00.000Z');
    let real = 0;
    const lines: string[] = [];
    const file = fileWith('PT1H');
    const clock = new FileOffsetClock(file, { base, realNow: () => real, log: (line) => lines.push(line) });
    replace(file, 'one hour');
    real += 1000;
    expect(clock.currentOffsetMs()).toBe(3_600_000);
    rmSync(file);
    real += 1000;
    expect(clock.currentOffsetMs()).toBe(3_600_000);
    replace(file, '-PT1H');
    real += 1000;
    expect(clock.currentOffsetMs()).toBe(-3_600_000);
    expect(lines.join('\n')).toMatch(/neither an ISO-8601 duration[\s\S]*unreadable[\s\S]*now -3600000 ms/);
  });

  it('refuses a missing or garbled file at start-up', () => {
    expect(() => new FileOffsetClock(path.join(dir, 'absent'))).toThrow(/ENOENT/);
    expect(() => new FileOffsetClock(fileWith('P1Y'))).toThrow(RangeError);
  });
});

describe('clockFromEnv', () => {
  it('is the system clock without CLOCK_OFFSET_FILE', () => {
    expect(clockFromEnv({})).toBe(systemClock);
  });

  it('is the offset clock with it, and refused when NODE_ENV=production', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'offset-clock-env-'));
    try {
      const file = path.join(dir, 'clock-offset');
      writeFileSync(file, 'P1D');
      const clock = clockFromEnv({ CLOCK_OFFSET_FILE: file, NODE_ENV: 'development' });
      expect(clock.now().getTime() - Date.now()).toBeGreaterThan(DAY - 60_000);
      expect(() => clockFromEnv({ CLOCK_OFFSET_FILE: file, NODE_ENV: 'production' })).toThrow(/refused when NODE_ENV=production/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
