/**
 * Reconciliation benchmark: `npm run bench:reconciliation [-- --lines 100000]`.
 * Generates a CNAB 240 return (Banco do Brasil, FEBRABAN layout) and a CNAB 400 one
 * (Itaú) of N lines each, with the charges they pay plus unmatched títulos,
 * duplicates and amount differences; then, for each:
 *  1. streams the file from disk through `streamReturnFile`, counting (memory must stay flat);
 *  2. reads it whole with `parseReturnFile`, against a baseline measured in the same run
 *     (Buffer.toString + split + slicing the same fields with no validation at all);
 *  3. reconciles the entries with the charges and checks the counts the generator expects;
 *  4. reconciles again with the keys of the first run as prior keys: all duplicates.
 * Target: 100,000 lines parsed and reconciled in under 30 s.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { parseReturnFile, reconcile, streamReturnFile } from '@collections/payments-reconciliation';
import { positiveIntegerOption, printTable } from '../bench-kit';
import { cnab240Return, itau400Return, type GeneratedReturn } from './generate';

const MiB = 2 ** 20;
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

async function writeFile(file: string, generated: GeneratedReturn): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of generated.chunks()) if (!out.write(Buffer.from(chunk, 'latin1'))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** What a parser with no checks does: split the lines, slice the fields, convert the numbers. */
function baseline(content: Buffer, kind: 'cnab240' | 'cnab400'): number {
  const lines = content.toString('latin1').split('\n');
  const out: { nossoNumero: string; amountPaid: number; interest: number; paidOn: string }[] = [];
  let nossoNumero = '';
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (kind === 'cnab240') {
      if (line.charAt(7) !== '3') continue;
      if (line.charAt(13) === 'T') nossoNumero = line.slice(37, 57).trim();
      else out.push({ nossoNumero, amountPaid: Number(line.slice(77, 92)), interest: Number(line.slice(17, 32)), paidOn: line.slice(137, 145) });
    } else if (line.charAt(0) === '1') {
      out.push({ nossoNumero: line.slice(62, 70), amountPaid: Number(line.slice(253, 266)), interest: Number(line.slice(266, 279)), paidOn: line.slice(110, 116) });
    }
  }
  return out.length;
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

async function run(name: string, generated: GeneratedReturn, kind: 'cnab240' | 'cnab400', dir: string): Promise<string[][]> {
  const file = path.join(dir, `${name}.ret`);
  await writeFile(file, generated);

  // 1. streaming: counts only, nothing kept
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  let streamed = 0;
  let streamRejections = 0;
  let t = process.hrtime.bigint();
  for await (const event of streamReturnFile(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
    if (event.type === 'entry') streamed++;
    else if (event.type === 'rejection') streamRejections++;
  }
  const streamSeconds = seconds(t);
  sample();
  const streamPeak = peakRss;

  // 2. whole file: baseline, then the parser
  const content = readFileSync(file);
  t = process.hrtime.bigint();
  const baselineEntries = baseline(content, kind);
  const baselineSeconds = seconds(t);
  t = process.hrtime.bigint();
  const parsed = parseReturnFile(content);
  const parseSeconds = seconds(t);
  if (parsed.rejections.length > 0) throw new Error(`${name}: ${parsed.rejections.length} rejections, first ${JSON.stringify(parsed.rejections[0])}`);
  if (baselineEntries !== parsed.entries.length) throw new Error(`${name}: the baseline read ${baselineEntries} entries, the parser ${parsed.entries.length}`);
  if (streamed !== parsed.entries.length || streamRejections !== 0) throw new Error(`${name}: streaming gave ${streamed} entries, whole ${parsed.entries.length}`);

  // 3. reconcile
  t = process.hrtime.bigint();
  const result = reconcile(parsed.entries, generated.charges);
  const reconcileSeconds = seconds(t);
  const got = { matched: result.matched.length, unmatched: result.unmatched.length, duplicates: result.duplicates.length, ignored: result.ignored.length, amountDifferences: result.amountDifferences.length };
  const { titles: _titles, ...expected } = generated.expected;
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${name}: reconciliation gave ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);

  // 4. the same file again: nothing changes
  t = process.hrtime.bigint();
  const again = reconcile(parsed.entries, generated.charges, { priorKeys: new Set(result.keys) });
  const againSeconds = seconds(t);
  if (again.duplicates.length !== parsed.entries.length || again.matched.length + again.unmatched.length + again.ignored.length !== 0) throw new Error(`${name}: re-import was not all duplicates`);
  rmSync(file);

  const lines = parsed.lines;
  const total = parseSeconds + reconcileSeconds;
  process.stdout.write(
    `${name}: ${lines.toLocaleString('en')} lines (${(content.length / MiB).toFixed(1)} MiB), ${parsed.entries.length.toLocaleString('en')} entries, ${generated.charges.length.toLocaleString('en')} charges -> ` +
      `matched ${got.matched.toLocaleString('en')}, unmatched ${got.unmatched}, duplicates ${got.duplicates}, ignored ${got.ignored}, amount differences ${got.amountDifferences} (as generated); ` +
      `re-import: ${again.duplicates.length.toLocaleString('en')} duplicates, nothing else\n`,
  );
  const rate = (s: number) => `${Math.round(lines / s).toLocaleString('en')}`;
  return [
    [`${name} stream (from disk, counting)`, streamSeconds.toFixed(3), rate(streamSeconds), '', `${Math.round(rssBefore / MiB)} -> peak ${Math.round(streamPeak / MiB)}`],
    [`${name} baseline (toString+split+slice)`, baselineSeconds.toFixed(3), rate(baselineSeconds), '1.0', ''],
    [`${name} parseReturnFile (whole)`, parseSeconds.toFixed(3), rate(parseSeconds), (parseSeconds / baselineSeconds).toFixed(1), ''],
    [`${name} reconcile`, reconcileSeconds.toFixed(3), rate(reconcileSeconds), '', ''],
    [`${name} re-import (all duplicates)`, againSeconds.toFixed(3), rate(againSeconds), '', ''],
    [`${name} parse + reconcile`, total.toFixed(3), rate(total), '', total < 30 ? 'target < 30 s: PASS' : 'target < 30 s: FAIL'],
  ];
}

async function main(): Promise<void> {
  const lines = positiveIntegerOption(process.argv, 'lines', 100_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-reconciliation-'));
  const sampler = setInterval(sample, 10);
  try {
    process.stdout.write(`reconciliation benchmark: ${os.cpus().length} cores, Node ${process.version}; ${lines.toLocaleString('en')} lines per file\n`);
    const rows: string[][] = [['step', 'seconds', 'lines/s', 'x baseline', 'RSS MiB (sampled every 10 ms)']];
    rows.push(...(await run('CNAB 240 (001)', cnab240Return(lines), 'cnab240', dir)));
    rows.push(...(await run('CNAB 400 (341)', itau400Return(lines), 'cnab400', dir)));
    printTable(rows);
    process.stdout.write(`peak RSS of the process (kernel maxRSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
