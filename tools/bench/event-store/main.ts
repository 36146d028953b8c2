/**
 * Event-store benchmark: `npm run bench:event-store [-- --writers 4 --single 8000
 * --batches 400 --log-events 1000000 --rounds 2 --no-peer]`.
 *
 * Everything runs in one process, in one run, on one fresh database of the same
 * server, so the ratios compare like with like:
 *  - single-event appends from N writers vs raw single-row INSERTs from N writers into
 *    a table of the same shape (CREATE TABLE ... (LIKE es_events INCLUDING ALL): same
 *    columns, defaults, constraints and indexes; no event-store logic);
 *  - 100-event appends vs raw 100-row INSERTs;
 *  - reading the whole log in commit order, and a catch-up subscription over it;
 *  - the same appends through @event-driven-io/emmett-postgresql (tools/bench/emmett-peer).
 * Figures are printed, never asserted: machines are noisy, compare within one run.
 *
 * `--scale` runs the scale benchmark instead (./scale.ts): one log filled in steps to
 * 10,000,000 events, appends and reads measured at each step.
 */
import { positiveIntegerOption, printTable } from '../bench-kit';
import { runScale } from './scale';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { ExpectedVersion, LOG_START, openPostgresEventStore, type NewEvent, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';

interface Options {
  writers: number;
  single: number;
  batches: number;
  logEvents: number;
  rounds: number;
  peer: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => positiveIntegerOption(argv, name, fallback);
  return {
    writers: value('writers', 4),
    single: value('single', 8000),
    batches: value('batches', 400),
    logEvents: value('log-events', 1_000_000),
    rounds: value('rounds', 2),
    peer: !argv.includes('--no-peer'),
  };
}

const BATCH = 100;
const STREAMS_PER_WRITER = 100;
const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);

function eventData(i: number) {
  return {
    debtId: `debt-${i}`,
    amount: { amount: 12_345, currency: 'BRL' },
    paidOn: '2026-11-24',
    channel: 'pix',
    reference: randomBytes(16).toString('hex'),
  };
}

function newEvent(i: number): NewEvent {
  return { eventId: randomUUID(), type: 'PaymentRecorded', data: eventData(i), metadata: { correlationId: randomUUID() } };
}

async function timed(work: () => Promise<number>): Promise<{ events: number; seconds: number; rate: number }> {
  const started = process.hrtime.bigint();
  const events = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, seconds, rate: events / seconds };
}

async function inParallel(writers: number, perWriter: (writer: number) => Promise<number>): Promise<number> {
  const counts = await Promise.all(Array.from({ length: writers }, (_, w) => perWriter(w)));
  return counts.reduce((a, b) => a + b, 0);
}

const RAW_COLUMNS =
  'tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash';

async function rawSingle(pool: Pool, opts: Options, round: number): Promise<number> {
  const per = Math.floor(opts.single / opts.writers);
  return inParallel(opts.writers, async (w) => {
    for (let i = 0; i < per; i++) {
      // a named (prepared) statement, as the store's single-event append is: the baseline gets the same help
      await pool.query({
        name: 'raw_single_insert',
        text: `INSERT INTO raw_events (${RAW_COLUMNS}) VALUES ($1, $2, 'bench', $3, $4, 'PaymentRecorded', 1, $5, $6, now(), $7, $8)`,
        values: [
          'bench',
          `bench-raw${round}-${w}-${i % STREAMS_PER_WRITER}`,
          Math.floor(i / STREAMS_PER_WRITER) + 1,
          randomUUID(),
          JSON.stringify(eventData(i)),
          JSON.stringify({ correlationId: randomUUID() }),
          randomBytes(32),
          randomBytes(32),
        ],
      });
    }
    return per;
  });
}

async function rawBatched(pool: Pool, opts: Options, round: number): Promise<number> {
  const per = Math.floor(opts.batches / opts.writers);
  return inParallel(opts.writers, async (w) => {
    for (let b = 0; b < per; b++) {
      const stream = `bench-rawb${round}-${w}-${b}`;
      const rows = Array.from({ length: BATCH }, (_, i) => i);
      await pool.query(
        `INSERT INTO raw_events (${RAW_COLUMNS})
         SELECT 'bench', $1, 'bench', v, id, 'PaymentRecorded', 1, d, m, now(), p, h
           FROM unnest($2::bigint[], $3::uuid[], $4::jsonb[], $5::jsonb[], $6::bytea[], $7::bytea[]) AS u(v, id, d, m, p, h)`,
        [
          stream,
          rows.map((i) => i + 1),
          rows.map(() => randomUUID()),
          rows.map((i) => JSON.stringify(eventData(i))),
          rows.map(() => JSON.stringify({ correlationId: randomUUID() })),
          rows.map(() => randomBytes(32)),
          rows.map(() => randomBytes(32)),
        ],
      );
    }
    return per * BATCH;
  });
}

async function storeSingle(store: SqlEventStore, opts: Options, round: number): Promise<number> {
  const per = Math.floor(opts.single / opts.writers);
  return inParallel(opts.writers, async (w) => {
    const versions = new Array<number>(STREAMS_PER_WRITER).fill(0);
    for (let i = 0; i < per; i++) {
      const s = i % STREAMS_PER_WRITER;
      const result = await store.appendToStream(`bench-single${round}-${w}-${s}`, [newEvent(i)], {
        tenantId: 'bench',
        expectedVersion: ExpectedVersion.exact(versions[s]!),
      });
      versions[s] = result.nextExpectedVersion;
    }
    return per;
  });
}

async function storeBatched(store: SqlEventStore, opts: Options, round: number, size = BATCH, prefix = 'batch'): Promise<number> {
  const per = Math.floor(opts.batches / opts.writers);
  return inParallel(opts.writers, async (w) => {
    for (let b = 0; b < per; b++) {
      const events = Array.from({ length: size }, (_, i) => newEvent(i));
      await store.appendToStream(`bench-${prefix}${round}-${w}-${b}`, events, { tenantId: 'bench', expectedVersion: ExpectedVersion.noStream });
    }
    return per * size;
  });
}

async function fillLog(store: SqlEventStore, opts: Options, target: number): Promise<void> {
  const [row] = await store.driver.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events');
  let have = Number(row?.n ?? 0);
  const size = 500;
  let chunk = 0;
  const started = Date.now();
  while (have < target) {
    const batches = Math.max(opts.writers, Math.min(200, Math.ceil((target - have) / size)));
    have += await storeBatched(store, { ...opts, batches }, chunk++, size, 'fill');
    progress(`log filled to ${have.toLocaleString('en')} events (${Math.round(have / ((Date.now() - started) / 1000)).toLocaleString('en')} events/s)`);
  }
}

async function readWholeLog(store: SqlEventStore): Promise<number> {
  let cursor = LOG_START;
  let count = 0;
  for (;;) {
    const batch = await store.readAll({ after: cursor, maxCount: 10_000 });
    if (batch.events.length === 0) return count;
    count += batch.events.length;
    cursor = batch.cursor;
  }
}

async function catchUp(store: SqlEventStore): Promise<number> {
  let count = 0;
  const subscription = store.subscribe({
    subscriptionId: `bench-${randomUUID()}`,
    batchSize: 10_000,
    handle: async (events) => {
      count += events.length;
    },
  });
  await subscription.caughtUp;
  await subscription.stop();
  return count;
}

interface PeerFigures {
  single?: { eventsPerSecond: number };
  batched?: { eventsPerSecond: number };
  readAll?: { eventsPerSecond: number } | null;
  note?: string;
}

async function runPeer(opts: Options): Promise<PeerFigures | string> {
  const dir = path.resolve(__dirname, '../emmett-peer');
  if (!existsSync(path.join(dir, 'bench.mjs'))) return 'not available (tools/bench/emmett-peer missing)';
  if (!existsSync(path.join(dir, 'node_modules'))) {
    progress('installing the Emmett peer (npm ci --prefix tools/bench/emmett-peer)');
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const database = await createTestDatabase('bench_emmett');
  try {
    const config = database.config;
    const url = config.connectionString ?? `postgres://${config.user}${config.password ? `:${config.password}` : ''}@${config.host}:${config.port}/${config.database}`;
    progress('running the Emmett peer on its own database of the same server');
    const run = spawnSync(
      process.execPath,
      [path.join(dir, 'bench.mjs'), '--writers', String(opts.writers), '--single', String(opts.single), '--batches', String(opts.batches), '--read'],
      { env: { ...process.env, BENCH_DATABASE_URL: url }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 10_000_000 },
    );
    if (run.status !== 0) return `failed (exit ${run.status})`;
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as PeerFigures;
  } finally {
    await database.drop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  if (process.argv.includes('--scale')) return runScale(process.argv.slice(2));
  const opts = parseOptions(process.argv.slice(2));
  let database: TestDatabase | undefined;
  let store: SqlEventStore | undefined;
  let raw: Pool | undefined;
  try {
    database = await createTestDatabase('bench_event_store');
    store = await openPostgresEventStore({ ...database.config, max: opts.writers + 1 }, { notify: !process.argv.includes('--no-notify') });
    raw = new Pool({ ...database.config, max: opts.writers });
    await raw.query('CREATE TABLE raw_events (LIKE es_events INCLUDING ALL)');
    const [version] = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows.map((r) => r.v);
    process.stdout.write(
      `event-store benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, PostgreSQL ${version}, ` +
        `Node ${process.version}, ${opts.writers} writers, best of ${opts.rounds} rounds\n`,
    );

    // warm-up: connections, plans, the PL/pgSQL function cache
    await storeSingle(store, { ...opts, single: opts.writers * 50 }, 99);
    await rawSingle(raw, { ...opts, single: opts.writers * 50 }, 99);

    const best = { rawSingle: 0, storeSingle: 0, rawBatched: 0, storeBatched: 0 };
    for (let round = 0; round < opts.rounds; round++) {
      const r1 = await timed(() => rawSingle(raw!, opts, round));
      const s1 = await timed(() => storeSingle(store!, opts, round));
      const r2 = await timed(() => rawBatched(raw!, opts, round));
      const s2 = await timed(() => storeBatched(store!, opts, round));
      progress(`round ${round + 1}: raw ${fmt(r1.rate)} / store ${fmt(s1.rate)} single; raw ${fmt(r2.rate)} / store ${fmt(s2.rate)} batched (events/s)`);
      best.rawSingle = Math.max(best.rawSingle, r1.rate);
      best.storeSingle = Math.max(best.storeSingle, s1.rate);
      best.rawBatched = Math.max(best.rawBatched, r2.rate);
      best.storeBatched = Math.max(best.storeBatched, s2.rate);
    }

    await fillLog(store, opts, opts.logEvents);
    const read = await timed(() => readWholeLog(store!));
    const sub = await timed(() => catchUp(store!));

    const peer = opts.peer ? await runPeer(opts) : 'skipped (--no-peer)';

    const rows: string[][] = [
      ['measure', 'events/s', 'baseline', 'ratio', 'target'],
      ['single-event appends', fmt(best.storeSingle), `raw INSERT ${fmt(best.rawSingle)}`, pct(best.storeSingle / best.rawSingle), '>= 70%'],
      [`batched appends (${BATCH}/append)`, fmt(best.storeBatched), `raw INSERT ${fmt(best.rawBatched)}`, pct(best.storeBatched / best.rawBatched), '>= 60%'],
      [`read whole log, commit order (${fmt(read.events)})`, fmt(read.rate), '', '', '>= 200,000'],
      [`catch-up subscription (${fmt(sub.events)})`, fmt(sub.rate), '', '', ''],
    ];
    if (typeof peer === 'string') {
      rows.push(['emmett-postgresql 0.42.0', peer, '', '', '']);
    } else {
      const s = peer.single?.eventsPerSecond ?? 0;
      const b = peer.batched?.eventsPerSecond ?? 0;
      rows.push(['emmett single-event appends', fmt(s), `ours ${fmt(best.storeSingle)}`, `ours/emmett ${(best.storeSingle / s).toFixed(2)}x`, '']);
      rows.push(['emmett batched appends', fmt(b), `ours ${fmt(best.storeBatched)}`, `ours/emmett ${(best.storeBatched / b).toFixed(2)}x`, '']);
      if (peer.readAll) rows.push(['emmett read whole log', fmt(peer.readAll.eventsPerSecond), `ours ${fmt(read.rate)}`, `ours/emmett ${(read.rate / peer.readAll.eventsPerSecond).toFixed(2)}x`, '']);
    }
    printTable(rows);
    if (typeof peer !== 'string' && peer.note) process.stdout.write(`emmett: ${peer.note}\n`);
  } finally {
    await raw?.end();
    await store?.close();
    await database?.drop();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
