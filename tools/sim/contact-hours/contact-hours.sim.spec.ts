import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { judgeHours } from './independent-checker';
import { lastLine, passed, runContactHoursSimulation } from './simulation';

const ROOT = path.resolve(__dirname, '../../..');

describe('contact-hours simulator', () => {
  it('runs 20,000 cadence steps from the command line with none outside legal hours or on holidays', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/sim/contact-hours/main.ts', '--steps', '20000', '--seed', '20261128'],
      { cwd: ROOT, maxBuffer: 1 << 20 },
    );
    expect(stdout).toContain('seed 20261128');
    expect(stderr.trim().split('\n')).toHaveLength(10); // progress every 10%
    expect(stdout.trim().split('\n').at(-1)).toBe('20000 steps, 0 outside legal hours, 0 on holidays');
  });

  it('replays the same run from the same seed, and a different one from another', () => {
    const strip = ({ examples: _examples, ...counts }: ReturnType<typeof runContactHoursSimulation>) => counts;
    const a = runContactHoursSimulation({ seed: 7, steps: 3000 });
    expect(strip(runContactHoursSimulation({ seed: 7, steps: 3000 }))).toEqual(strip(a));
    expect(strip(runContactHoursSimulation({ seed: 8, steps: 3000 }))).not.toEqual(strip(a));
    expect(passed(a)).toBe(true);
    expect(lastLine(a)).toBe('3000 steps, 0 outside legal hours, 0 on holidays');
  });

  it('has a referee that catches what the policy must avoid (the checker is not blind)', () => {
    expect(judgeHours({ country: 'BR', state: 'SP' }, Date.parse('2026-03-02T23:00:00.000Z'))).toBe('outside'); // Monday 20:00
    expect(judgeHours({ country: 'BR', state: 'SP' }, Date.parse('2026-11-20T15:00:00.000Z'))).toBe('holiday');
    expect(judgeHours({ country: 'BR', state: 'CE' }, Date.parse('2026-03-07T13:00:00.000Z'))).toBe('outside'); // Saturday 10:00
    expect(judgeHours({ country: 'BR', state: 'PE', zone: 'America/Noronha' }, Date.parse('2026-03-02T10:00:00.000Z'))).toBe('ok');
    expect(judgeHours({ country: 'US', zone: 'America/New_York' }, Date.parse('2026-03-08T12:00:00.000Z'))).toBe('ok'); // 08:00 EDT
    expect(judgeHours({ country: 'US', zone: 'America/New_York' }, Date.parse('2026-03-08T11:59:59.999Z'))).toBe('outside');
  });
});
