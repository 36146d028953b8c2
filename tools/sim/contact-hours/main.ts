/**
 * Contact-hours simulator: `npm run sim:contact-hours [-- --steps 1000000 --seed 42]`.
 * Walks random debtors of all 27 UFs (and some US zones) through their cadences over a year,
 * asks the contact policy when each step may go, and has an independent checker judge every
 * answer. Progress on stderr every ~10%; the last line on stdout is exactly
 * `N steps, N outside legal hours, N on holidays`; exit 1 if anything was found wrong.
 */
import { randomInt } from 'node:crypto';
import { positiveIntegerOption } from '../../bench/bench-kit';
import { lastLine, passed, runContactHoursSimulation } from './simulation';

function seedOption(argv: readonly string[]): number {
  const i = argv.indexOf('--seed');
  if (i < 0) return randomInt(0, 2 ** 32);
  const seed = Number(argv[i + 1]);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error('--seed needs an integer from 0 to 4294967295');
  return seed;
}

function main(): void {
  const steps = positiveIntegerOption(process.argv, 'steps', 1_000_000);
  const seed = seedOption(process.argv);
  process.stdout.write(`contact-hours simulation: seed ${seed} (replay with --seed ${seed}), ${steps.toLocaleString('en')} steps, Node ${process.version}\n`);
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const report = runContactHoursSimulation({
    seed,
    steps,
    progress: (done, r) =>
      process.stderr.write(
        `${Math.round((done / steps) * 100)}% ${done.toLocaleString('en')} steps in ${elapsed().toFixed(1)} s: ${r.deferred.toLocaleString('en')} deferred, ${r.blocked.toLocaleString('en')} blocked, ` +
          `${r.outsideHours} outside hours, ${r.onHolidays} on holidays\n`,
      ),
  });
  const seconds = elapsed();
  const rules = Object.entries(report.byRule).sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n.toLocaleString('en')}`).join(', ');
  process.stdout.write(
    `${report.debtors.toLocaleString('en')} debtors (${report.usSteps.toLocaleString('en')} steps under US profiles); ${report.sent.toLocaleString('en')} sent, ` +
      `${report.deferred.toLocaleString('en')} deferred, ${report.blocked.toLocaleString('en')} blocked; rules: ${rules}\n` +
      `holidays of ${2026} on which a step fell due: ${report.holidaysHit} of ${report.holidaysInYear} (UF, date) pairs\n` +
      `checker: ${report.overCaps} over a cap, ${report.tooLate} deferred later than needed, ${report.inconsistent} inconsistent answers\n` +
      `${seconds.toFixed(1)} s, ${Math.round(report.steps / seconds).toLocaleString('en')} steps/s\n`,
  );
  for (const line of report.examples) process.stdout.write(`  e.g. ${line}\n`);
  process.stdout.write(`${lastLine(report)}\n`);
  process.exitCode = passed(report) ? 0 : 1;
}

main();
