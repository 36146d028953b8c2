/**
 * Audit benchmark: `npm run bench:audit [-- --events 1000000 --stream-events 10000 --more 10000]`.
 *
 * One fresh database, one run:
 *  - fills the log with `events` events (raw INSERTs, `stream-events` of them in one
 *    stream spread across the whole log, the rest in 9,900 other streams);
 *  - a first digest over the whole log (read every row as text, hash each leaf in
 *    TypeScript, Merkle root, sign, anchor, leaf log), against two baselines measured
 *    here: the same SELECT pages without hashing, and SHA-256 alone over the same leaf bytes;
 *  - the next digest after `more` further events (what each interval costs);
 *  - exporting the big stream with its proofs, and verifying that export offline,
 *    against SHA-256 over the export's bytes once.
 * Figures are printed, never asserted.
 */
import { positiveIntegerOption, printTable } from '../bench-kit';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AuditExporter,
  CURSOR_START,
  encodeLeaf,
  leafHash,
  readLeavesAfter,
  toJsonLines,
  publisherOnFilesWithNewKey,
  verifyAuditExport,
  type CommitCursor,
} from '@collections/shared-audit';
import { openPostgresEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase } from '@collections/shared-testing';

const TARGET = 'debt-bench-target';
const OTHER_STREAMS = 9_900;
const PAGE = 5_000;
const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);

async function seconds<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Events g in [from, to): every (events / streamEvents)-th one goes to the target stream. */
async function fill(store: SqlEventStore, from: number, to: number, every: number): Promise<void> {
  const batch = 50_000;
  for (let start = from; start < to; start += batch) {
    const end = Math.min(to, start + batch);
    await store.driver.query(
      `INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                              data, metadata, recorded_at, prev_hash, hash)
       SELECT 'tenant-bench',
              CASE WHEN g % $3 = $3 - 1 THEN '${TARGET}' ELSE 'debt-' || (g % ${OTHER_STREAMS}) END,
              'debt',
              CASE WHEN g % $3 = $3 - 1 THEN g / $3 + 1 ELSE g / ${OTHER_STREAMS} + 1 END,
              gen_random_uuid(), 'DebtPaymentRecorded', 1,
              jsonb_build_object('debtId', 'debt-' || g, 'amount', jsonb_build_object('amount', 12345, 'currency', 'BRL'),
                                 'paidOn', '2026-11-24', 'channel', 'pix', 'reference', md5(g::text)),
              jsonb_build_object('correlationId', gen_random_uuid()), now(), '\\x00'::bytea, '\\x00'::bytea
         FROM generate_series($1::bigint, $2::bigint - 1) AS g
        ORDER BY g`,
      [start, end, every],
    );
    progress(`filled ${end.toLocaleString('en-US')} events`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const events = positiveIntegerOption(argv, 'events', 1_000_000);
  const streamEvents = positiveIntegerOption(argv, 'stream-events', 10_000);
  const more = positiveIntegerOption(argv, 'more', 10_000);
  const every = Math.floor(events / streamEvents);
  const database = await createTestDatabase('bench_audit');
  const store = await openPostgresEventStore({ ...database.config, max: 4 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-audit-'));
  try {
    await fill(store, 0, events, every);
    await store.driver.query('VACUUM ANALYZE es_events');
    // Warm the table into the cache once, so neither the baseline nor the digest pays the first read from disk.
    await store.driver.query('SELECT count(*), sum(length(data::text)) FROM es_events');

    // Baseline 1: the digest's own SELECT pages, rows decoded, nothing hashed.
    const select = await seconds(async () => {
      let cursor: CommitCursor = CURSOR_START;
      let rows = 0;
      for (;;) {
        const page = await readLeavesAfter(store.driver, cursor, PAGE);
        rows += page.length;
        if (page.length === 0) break;
        const last = page[page.length - 1]!;
        cursor = { transactionId: last.transactionId, position: last.position };
        if (page.length < PAGE) break;
      }
      return rows;
    });
    progress(`plain SELECT of ${select.value} rows: ${select.seconds.toFixed(2)} s`);

    // Baseline 2: SHA-256 alone over the same leaf bytes (encoded beforehand, not timed).
    const encoded: Buffer[] = [];
    {
      let cursor: CommitCursor = CURSOR_START;
      for (;;) {
        const page = await readLeavesAfter(store.driver, cursor, PAGE);
        for (const columns of page) encoded.push(encodeLeaf(columns));
        if (page.length < PAGE) break;
        const last = page[page.length - 1]!;
        cursor = { transactionId: last.transactionId, position: last.position };
      }
    }
    const leafBytes = encoded.reduce((sum, b) => sum + b.length, 0);
    const hashOnly = await seconds(async () => {
      for (const bytes of encoded) leafHash(bytes);
      return encoded.length;
    });
    encoded.length = 0;

    const { publisher, ledger, leafLog, publicKeyPem } = publisherOnFilesWithNewKey(store.driver, dir, { pageSize: PAGE });
    const first = await seconds(async () => {
      await publisher.start();
      return publisher.publishNow();
    });
    if (first.value.treeSize !== events) throw new Error(`the first digest covers ${first.value.treeSize} events, not ${events}`);
    progress(`first digest: ${first.seconds.toFixed(2)} s`);

    await fill(store, events, events + more, every);
    const next = await seconds(() => publisher.publishNow());
    if (next.value.treeSize !== events + more) throw new Error(`the second digest covers ${next.value.treeSize} events`);
    await publisher.stop();

    const exporter = new AuditExporter({ db: store.driver, ledger, leafLog });
    const exported = await seconds(async () => toJsonLines(await exporter.exportStream(TARGET)));
    const exportText = exported.value;
    const digestsText = await readFile(ledger.path, 'utf8');
    const verified = await seconds(async () => verifyAuditExport({ exportText, digestsText, publicKeyPem }));
    if (!verified.value.ok || verified.value.checked.inclusionProofs < streamEvents) {
      throw new Error(`the export did not verify: ${JSON.stringify(verified.value.breaks.slice(0, 3))}, ${verified.value.checked.inclusionProofs} proofs`);
    }
    const exportBytes = Buffer.byteLength(exportText);
    const exportLines = exportText.split('\n').filter((l) => l !== '');
    const rawExportHash = await seconds(async () => {
      for (const line of exportLines) createHash('sha256').update(line).digest();
      return exportLines.length;
    });

    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    process.stdout.write(
      `\naudit benchmark: ${events.toLocaleString('en-US')} events (${(leafBytes / 1e6).toFixed(0)} MB of leaf bytes), ` +
        `export of ${verified.value.checked.inclusionProofs.toLocaleString('en-US')} events (${(exportBytes / 1e6).toFixed(1)} MB), node ${process.version}, ${os.cpus().length} cores\n\n`,
    );
    printTable([
      ['measure', 'seconds', 'rate', 'baseline in the same run', 'baseline s', 'ratio'],
      ['first digest over the whole log', first.seconds.toFixed(2), rate(events, first.seconds), 'same SELECT pages, no hashing', select.seconds.toFixed(2), ratio(first.seconds, select.seconds)],
      ['', '', '', 'SHA-256 alone over the leaf bytes', hashOnly.seconds.toFixed(2), ratio(first.seconds, hashOnly.seconds)],
      [`next digest (+${more.toLocaleString('en-US')} events)`, next.seconds.toFixed(3), rate(more, next.seconds), '', '', ''],
      [`export of the big stream (${verified.value.checked.inclusionProofs.toLocaleString("en-US")} events)`, exported.seconds.toFixed(2), "", "", "", ""],
      [
        'offline verification of that export',
        verified.seconds.toFixed(3),
        rate(verified.value.checked.inclusionProofs, verified.seconds),
        'SHA-256 once over each export line',
        rawExportHash.seconds.toFixed(3),
        ratio(verified.seconds, rawExportHash.seconds),
      ],
    ]);
  } finally {
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
