/**
 * The event store at scale: `npm run bench:event-store -- --scale [--target 10000000]
 * [--steps 100000,1000000,3000000,10000000] [--writers 4] [--single 2000] [--batches 40]
 * [--stream-reads 400] [--log-read 100000] [--keep] [--tuned-server [--server-settings name=value,...]]`.
 *
 * `--tuned-server` runs against a PostgreSQL server of the benchmark's own (initdb in the
 * temporary folder, stopped and deleted at the end: tools/postgres/private-postgres.ts)
 * with the settings an operator would give it on this machine size (TUNED_SETTINGS,
 * overridable with `--server-settings`), instead of the shared server with its defaults.
 *
 * Fills ONE log (one fresh database of the server) in steps, through the store's own
 * batched append (`appendToStreams`, the same statement a bulk import uses): many tenants,
 * streams of 5-50 events written interleaved over time (a debt gets its events over
 * months, not all at once), payloads of about 400 bytes (data + metadata), UUIDv7 event
 * ids as the services generate them. At each step, in the same run, it measures:
 *  - single-event appends and 100-event appends, 4 writers, against a bare node-postgres
 *    INSERT of rows of the same shape into the same table (same indexes, same size);
 *  - single-event appends with random (v4) event ids, the same otherwise;
 *  - reading one 50-event stream, p50/p99 over random streams, against a bare SELECT;
 *  - reading the log in commit order from a checkpoint in the middle of the log, against
 *    a bare SELECT of the same rows (same WHERE, ORDER BY and LIMIT) and variants;
 *  - a catch-up subscription from a checkpoint near the tail;
 *  - table, TOAST and index sizes;
 *  - for the appends, what each event cost the server: WAL full-page images and bytes
 *    (pg_stat_wal, server-wide), blocks read from outside shared_buffers, checkpoints.
 * Figures are printed, never asserted; ratios compare within one run.
 */
import { positiveIntegerOption, printTable } from '../bench-kit';
import { PrivatePostgres } from '../../postgres/private-postgres';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ExpectedVersion, LOG_START, openPostgresEventStore, type LogCursor, type NewEvent, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, freePort, type TestDatabase } from '@collections/shared-testing';

interface ScaleOptions {
  steps: number[];
  writers: number;
  single: number;
  batches: number;
  streamReads: number;
  logRead: number;
  tenants: number;
  keep: boolean;
  /** settings of a private server started for the run; undefined: the shared server as it is */
  server: Record<string, string> | undefined;
}

/**
 * What an operator would run the store's server with on this machine size (2 cores,
 * 24 GiB, SSD): shared_buffers a quarter of the memory, the OS cache counted for the
 * planner, checkpoints far enough apart that a hot page is written to the WAL in full
 * once per 15 minutes rather than every 5 minutes or every GiB of WAL, full-page images compressed (lz4: the cheapest for the CPU of the methods PostgreSQL 15 has).
 * README.md, "Operations", says the same for production.
 */
export const TUNED_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '6GB',
  effective_cache_size: '16GB',
  maintenance_work_mem: '1GB',
  wal_buffers: '64MB',
  wal_compression: 'lz4',
  max_wal_size: '16GB',
  min_wal_size: '2GB',
  checkpoint_timeout: '15min',
  checkpoint_completion_target: '0.9',
  random_page_cost: '1.1',
  max_connections: '100',
};

function settingsOption(argv: readonly string[]): Record<string, string> {
  const i = argv.indexOf('--server-settings');
  if (i < 0) return {};
  const pairs = (argv[i + 1] ?? '').split(',').map((pair) => pair.split('='));
  if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) throw new Error('--server-settings needs name=value,name=value');
  return Object.fromEntries(pairs as [string, string][]);
}

function listOption(argv: readonly string[], name: string): number[] | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const values = (argv[i + 1] ?? '').split(',').map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--${name} needs a comma-separated list of positive integers`);
  return values;
}

export function parseScaleOptions(argv: readonly string[]): ScaleOptions {
  const target = positiveIntegerOption(argv, 'target', 10_000_000);
  const steps = (listOption(argv, 'steps') ?? [100_000, 1_000_000, 3_000_000, 10_000_000]).filter((s) => s <= target).sort((a, b) => a - b);
  if (steps.length === 0 || steps[steps.length - 1] !== target) steps.push(target);
  return {
    steps: [...new Set(steps)],
    writers: positiveIntegerOption(argv, 'writers', 4),
    single: positiveIntegerOption(argv, 'single', 2000),
    batches: positiveIntegerOption(argv, 'batches', 40),
    streamReads: positiveIntegerOption(argv, 'stream-reads', 400),
    logRead: positiveIntegerOption(argv, 'log-read', 100_000),
    tenants: positiveIntegerOption(argv, 'tenants', 100),
    keep: argv.includes('--keep'),
    server: argv.includes('--tuned-server') ? { ...TUNED_SETTINGS, ...settingsOption(argv) } : undefined,
  };
}

const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const CATEGORIES = ['debt', 'negotiation', 'payment', 'contact', 'case'];
const EVENT_TYPES = ['DebtRegistered', 'ContactAttempted', 'OfferMade', 'PaymentRecorded', 'CaseUpdated'];

/** About 400 bytes of data + metadata, as the services write (ids, money, dates, an actor, a trace). */
function payload(streamId: string, version: number): { data: unknown; metadata: Record<string, string> } {
  return {
    data: {
      debtId: streamId,
      creditorId: `creditor-${version % 37}`,
      amount: { amount: 1234 + version * 17, currency: 'BRL' },
      dueOn: '2026-11-24',
      channel: version % 2 ? 'pix' : 'boleto',
      reference: randomBytes(12).toString('hex'),
      note: 'installment of the agreed plan',
    },
    metadata: {
      correlationId: uuidv7(),
      causationId: uuidv7(),
      actor: 'user:0191f2a3-agent',
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    },
  };
}

function event(streamId: string, version: number, id: () => string = uuidv7): NewEvent {
  const { data, metadata } = payload(streamId, version);
  return { eventId: id(), type: EVENT_TYPES[version % EVENT_TYPES.length]!, data, metadata };
}

interface FillStream {
  readonly id: string;
  readonly tenant: string;
  readonly length: number;
  written: number;
}

/**
 * The log's shape: each writer owns some tenants and keeps a set of open streams per
 * tenant; each append call picks a tenant and adds 1-6 events to up to 12 of its 12 open
 * streams, so a stream's events are spread over time, as a debt's are.
 */
class LogFiller {
  /** stream ids that reached 50 events: the streams the read measure picks from */
  readonly fiftyEventStreams: { id: string; tenant: string }[] = [];
  /** completed streams shorter than 50 events: the single-event appends pick from these */
  readonly allStreams: { id: string; tenant: string }[] = [];
  private readonly open = new Map<string, FillStream[]>();
  events = 0;

  constructor(
    private readonly store: SqlEventStore,
    private readonly opts: ScaleOptions,
  ) {}

  private openStreams(tenant: string): FillStream[] {
    let list = this.open.get(tenant);
    if (!list) this.open.set(tenant, (list = []));
    while (list.length < 12) {
      const category = CATEGORIES[Math.floor(Math.random() * CATEGORIES.length)]!;
      const stream: FillStream = { id: `${category}-${uuidv7()}`, tenant, length: 5 + Math.floor(Math.random() * 46), written: 0 };
      list.push(stream);
    }
    return list;
  }

  private async appendOnce(writer: number): Promise<number> {
    const tenantIndex = writer + this.opts.writers * Math.floor(Math.random() * Math.floor(this.opts.tenants / this.opts.writers));
    const tenant = `tenant-${tenantIndex}`;
    const list = this.openStreams(tenant);
    const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
    let count = 0;
    // ~8 streams x 3.5 events: ~30 events a call from one tenant, interleaved
    for (let k = 0; k < 12; k++) {
      const stream = list[Math.floor(Math.random() * list.length)]!;
      if (appends.some((a) => a.streamId === stream.id)) continue;
      const n = Math.min(stream.length - stream.written, 1 + Math.floor(Math.random() * 6));
      const events = Array.from({ length: n }, (_, i) => event(stream.id, stream.written + i + 1));
      appends.push({ streamId: stream.id, events, expectedVersion: ExpectedVersion.exact(stream.written) });
      stream.written += n;
      count += n;
      if (stream.written >= stream.length) {
        list.splice(list.indexOf(stream), 1);
        if (stream.length === 50) this.fiftyEventStreams.push({ id: stream.id, tenant });
        else this.allStreams.push({ id: stream.id, tenant });
      }
    }
    await this.store.appendToStreams(appends, { tenantId: tenant });
    return count;
  }

  async fillTo(target: number, alreadyInLog: () => number): Promise<{ events: number; seconds: number }> {
    const started = Date.now();
    let lastReport = started;
    const startEvents = this.events;
    await Promise.all(
      Array.from({ length: this.opts.writers }, async (_, w) => {
        while (alreadyInLog() < target) {
          const appended = await this.appendOnce(w);
          this.events += appended;
          if (Date.now() - lastReport > 5000) {
            lastReport = Date.now();
            const rate = (this.events - startEvents) / ((lastReport - started) / 1000);
            progress(`filled to ${fmt(alreadyInLog())} of ${fmt(target)} events (${fmt(rate)} events/s, ~${fmt((target - alreadyInLog()) / rate)} s to go)`);
          }
        }
      }),
    );
    return { events: this.events - startEvents, seconds: (Date.now() - started) / 1000 };
  }
}

async function timed(work: () => Promise<number>): Promise<{ events: number; seconds: number; rate: number }> {
  const started = process.hrtime.bigint();
  const events = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, seconds, rate: events / seconds };
}

async function inParallel(writers: number, perWriter: (writer: number) => Promise<number>): Promise<number> {
  return (await Promise.all(Array.from({ length: writers }, (_, w) => perWriter(w)))).reduce((a, b) => a + b, 0);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const BARE_COLUMNS =
  'tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/** The bare baseline writes rows of the same shape into the same table, in streams of its own. */
class Measures {
  private bareStream = 0;
  constructor(
    private readonly store: SqlEventStore,
    private readonly bare: Pool,
    private readonly filler: LogFiller,
    private readonly opts: ScaleOptions,
  ) {}

  private randomExisting(): { id: string; tenant: string } {
    return this.filler.allStreams[Math.floor(Math.random() * this.filler.allStreams.length)]!;
  }

  /** One event per append to random existing streams of the log (a payment on an old debt). */
  storeSingle(ids: () => string): Promise<number> {
    const per = Math.floor(this.opts.single / this.opts.writers);
    return inParallel(this.opts.writers, async () => {
      for (let i = 0; i < per; i++) {
        const s = this.randomExisting();
        await this.store.appendToStream(s.id, [event(s.id, i, ids)], { tenantId: s.tenant, expectedVersion: ExpectedVersion.any });
      }
      return per;
    });
  }

  bareSingle(table = 'es_events'): Promise<number> {
    const per = Math.floor(this.opts.single / this.opts.writers);
    return inParallel(this.opts.writers, async () => {
      const stream = `case-bare${this.bareStream++}-${randomUUID()}`;
      for (let i = 0; i < per; i++) {
        const { data, metadata } = payload(stream, i);
        await this.bare.query({
          name: `bare_single_insert_${table}`,
          text: `INSERT INTO ${table} (${BARE_COLUMNS}) VALUES ($1, $2, 'case', $3, $4, 'CaseUpdated', 1, $5, $6, now(), $7, $8)`,
          values: [`tenant-${i % this.opts.tenants}`, stream, i + 1, uuidv7(), JSON.stringify(data), JSON.stringify(metadata), randomBytes(32), randomBytes(32)],
        });
      }
      return per;
    });
  }

  /** 100 events to a new stream per append (an import, a long history arriving at once). */
  storeBatched(): Promise<number> {
    const per = Math.floor(this.opts.batches / this.opts.writers);
    return inParallel(this.opts.writers, async (w) => {
      for (let b = 0; b < per; b++) {
        const stream = `debt-${uuidv7()}`;
        const events = Array.from({ length: 100 }, (_, i) => event(stream, i + 1));
        await this.store.appendToStream(stream, events, { tenantId: `tenant-${w}`, expectedVersion: ExpectedVersion.noStream });
      }
      return per * 100;
    });
  }

  bareBatched(table = 'es_events'): Promise<number> {
    const per = Math.floor(this.opts.batches / this.opts.writers);
    return inParallel(this.opts.writers, async (w) => {
      for (let b = 0; b < per; b++) {
        const stream = `case-bareb${this.bareStream++}-${randomUUID()}`;
        const rows = Array.from({ length: 100 }, (_, i) => payload(stream, i));
        await this.bare.query(
          `INSERT INTO ${table} (${BARE_COLUMNS})
           SELECT $1, $2, 'case', v, id, 'CaseUpdated', 1, d, m, now(), p, h
             FROM unnest($3::bigint[], $4::uuid[], $5::jsonb[], $6::jsonb[], $7::bytea[], $8::bytea[]) AS u(v, id, d, m, p, h)`,
          [
            `tenant-${w}`,
            stream,
            rows.map((_, i) => i + 1),
            rows.map(() => uuidv7()),
            rows.map((r) => JSON.stringify(r.data)),
            rows.map((r) => JSON.stringify(r.metadata)),
            rows.map(() => randomBytes(32)),
            rows.map(() => randomBytes(32)),
          ],
        );
      }
      return per * 100;
    });
  }

  /** Latencies (ms) of reading whole 50-event streams, one at a time, through the store and bare. */
  async streamReads(): Promise<{ store: number[]; bare: number[] }> {
    const pool = this.filler.fiftyEventStreams;
    const store: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < (pool.length > 0 ? this.opts.streamReads : 0); i++) {
      // different streams for the two, so that neither reads what the other just cached
      const a = pool[Math.floor(Math.random() * pool.length)]!;
      const b = pool[Math.floor(Math.random() * pool.length)]!;
      let t = process.hrtime.bigint();
      const read = await this.store.readStream(a.id, { tenantId: a.tenant });
      store.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (read.events.length !== 50) throw new Error(`read ${read.events.length} events of ${a.id}`);
      t = process.hrtime.bigint();
      await this.bare.query('SELECT * FROM es_events WHERE stream_id = $1 AND tenant_id = $2 ORDER BY stream_version', [b.id, b.tenant]);
      bare.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { store: store.sort((x, y) => x - y), bare: bare.sort((x, y) => x - y) };
  }

  /** A cursor at (about) `position`: where a reader that stopped there resumes. */
  cursorNear(position: number): Promise<LogCursor> {
    return this.store.cursorAtPosition(BigInt(Math.max(0, position)));
  }

  async storeLogRead(from: LogCursor, count: number, page: number): Promise<number> {
    let cursor = from;
    let read = 0;
    while (read < count) {
      const batch = await this.store.readAll({ after: cursor, maxCount: Math.min(page, count - read) });
      if (batch.events.length === 0) break;
      read += batch.events.length;
      cursor = batch.cursor;
    }
    return read;
  }

  /** The same statement shape as the store's read (horizon included), with `columns` decoded by node-postgres's defaults. */
  async bareLogRead(from: LogCursor, count: number, page: number, columns: string, binary = false, table = 'es_events'): Promise<number> {
    let cursor = { x: from.transactionId.toString(), p: from.position.toString() };
    let read = 0;
    while (read < count) {
      const result = await this.bare.query({
        text: `SELECT ${columns}, transaction_id::text AS cursor_x, position AS cursor_p FROM ${table} AS e
                WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY e.transaction_id, e.position LIMIT $3`,
        values: [cursor.x, cursor.p, Math.min(page, count - read)],
        ...(binary ? { binary: true } : {}),
      });
      if (result.rows.length === 0) break;
      read += result.rows.length;
      const last = result.rows[result.rows.length - 1] as { cursor_x: unknown; cursor_p: unknown };
      cursor = { x: String(last.cursor_x), p: String(last.cursor_p) };
    }
    return read;
  }

  /**
   * The reference: a small table of the same shape (LIKE es_events INCLUDING ALL), refilled
   * with the log's first REFERENCE_ROWS rows at each step. Bare inserts into it and bare
   * reads of it, measured next to the big table's, tell the machine's speed at that moment
   * (other jobs share it) from the cost of the log's size.
   */
  async refreshReference(): Promise<void> {
    await this.bare.query('CREATE TABLE IF NOT EXISTS ref_events (LIKE es_events INCLUDING ALL)');
    await this.bare.query('TRUNCATE ref_events');
    await this.bare.query(`INSERT INTO ref_events OVERRIDING SYSTEM VALUE SELECT * FROM es_events ORDER BY position LIMIT ${REFERENCE_ROWS}`);
    await this.bare.query(`SELECT setval(pg_get_serial_sequence('ref_events', 'position'), (SELECT max(position) FROM ref_events))`);
    await this.bare.query('VACUUM (ANALYZE) ref_events');
  }

  /** How many events after `from` are below the horizon (readable now), up to `max`. */
  async readableAfter(from: LogCursor, max: number): Promise<number> {
    const result = await this.bare.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM es_events WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) LIMIT $3) AS readable`,
      [from.transactionId.toString(), from.position.toString(), max],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  /**
   * A subscription from `from` until it has handled `target` events (those readable when
   * it started). Not until `caughtUp`: that also waits for every transaction open on the
   * server to end, which on a shared server measures the other jobs.
   */
  async catchUp(from: LogCursor, target: number): Promise<number> {
    let count = 0;
    let reached!: () => void;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const subscription = this.store.subscribe({
      subscriptionId: `scale-${randomUUID()}`,
      startFrom: from,
      batchSize: 1000,
      handle: async (events) => {
        count += events.length;
        if (count >= target) reached();
      },
    });
    await Promise.race([done, subscription.caughtUp]);
    await subscription.stop();
    return count;
  }

  /** Sizes, and for each index how often a statement of the run used it (idx_scan, since the database was created). */
  async sizes(): Promise<{ name: string; bytes: number; scans: string }[]> {
    const result = await this.bare.query<{ name: string; bytes: string; scans: string }>(
      `SELECT 'es_events heap' AS name, pg_relation_size('es_events')::text AS bytes, '' AS scans
       UNION ALL SELECT 'es_events TOAST', coalesce(pg_total_relation_size(reltoastrelid), 0)::text, '' FROM pg_class WHERE relname = 'es_events'
       UNION ALL SELECT s.indexrelname::text, pg_relation_size(s.indexrelid)::text, s.idx_scan::text FROM pg_stat_user_indexes s WHERE s.relname = 'es_events'
       UNION ALL SELECT 'es_streams (with indexes)', pg_total_relation_size('es_streams')::text, ''`,
    );
    return result.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes), scans: r.scans }));
  }

  /**
   * What an index costs the writers: the same appends (single events to random existing
   * streams, then a 100-event append) in transactions that are rolled back, once with all
   * indexes and once with `index` dropped inside each transaction (DDL is transactional:
   * the rollback restores it). Commits are left out, so this is the statement cost alone.
   * Each transaction is kept short (~50 statements): an open transaction holds back every
   * log reader on the server, other databases' included. Returns events/s.
   */
  async indexCost(index: string | undefined): Promise<number> {
    let events = 0;
    let seconds = 0;
    for (let round = 0; round < Math.max(1, this.opts.single / 100); round++) {
      await this.store.driver
        .transaction(async (tx) => {
          if (index) await tx.exec(index.startsWith('constraint ') ? `ALTER TABLE es_events DROP CONSTRAINT ${index.slice(11)}` : `DROP INDEX ${index}`);
          const t0 = process.hrtime.bigint();
          for (let i = 0; i < 50; i++) {
            const s = this.randomExisting();
            await this.store.appendToStream(s.id, [event(s.id, i)], { tenantId: s.tenant, expectedVersion: ExpectedVersion.any, transaction: tx });
          }
          const stream = `debt-${uuidv7()}`;
          await this.store.appendToStream(stream, Array.from({ length: 100 }, (_, i) => event(stream, i + 1)), { tenantId: 'tenant-0', expectedVersion: ExpectedVersion.noStream, transaction: tx });
          events += 150;
          seconds += Number(process.hrtime.bigint() - t0) / 1e9;
          throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });
    }
    return events / seconds;
  }
}

class RolledBack extends Error {}

interface Counters {
  fpi: number;
  walBytes: number;
  blocksRead: number;
  blocksHit: number;
  checkpoints: number;
}

/** What the measured work cost the server, summed over its runs. */
interface Cost extends Counters {
  events: number;
}

/**
 * The server's counters around a measure: WAL records that were full-page images and WAL
 * bytes (pg_stat_wal: server-wide, so on a shared server other jobs' writes count too),
 * blocks this database read from outside shared_buffers (from the OS cache or the disk)
 * and found in them, checkpoints. A backend reports its counters at most once a second
 * (and up to 10 s late when idle), so before each reading every connection of both pools
 * is made to report (pg_stat_force_next_flush, PostgreSQL 15) and the reading waits for it.
 */
class ServerMeter {
  readonly costs = new Map<string, Cost>();
  constructor(
    private readonly pools: readonly { size: number; query: (sql: string) => Promise<unknown> }[],
    private readonly reader: Pool,
  ) {}

  private async read(): Promise<Counters> {
    await Promise.all(this.pools.flatMap((p) => Array.from({ length: p.size }, () => p.query('SELECT pg_stat_force_next_flush(), pg_sleep(0.05)'))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [row] = (
      await this.reader.query<Record<keyof Counters, string>>(
        `SELECT w.wal_fpi::text AS "fpi", w.wal_bytes::text AS "walBytes", d.blks_read::text AS "blocksRead", d.blks_hit::text AS "blocksHit",
                (b.checkpoints_timed + b.checkpoints_req)::text AS "checkpoints"
           FROM pg_stat_wal w, pg_stat_database d, pg_stat_bgwriter b WHERE d.datname = current_database()`,
      )
    ).rows;
    if (!row) throw new Error('no server counters');
    return { fpi: Number(row.fpi), walBytes: Number(row.walBytes), blocksRead: Number(row.blocksRead), blocksHit: Number(row.blocksHit), checkpoints: Number(row.checkpoints) };
  }

  /** Runs `work` (timed inside, so the readings are not in its time) and adds what it cost to `label`. */
  async around<T extends { events: number }>(label: string, work: () => Promise<T>): Promise<T> {
    const before = await this.read();
    const result = await work();
    const after = await this.read();
    const cost = this.costs.get(label) ?? { events: 0, fpi: 0, walBytes: 0, blocksRead: 0, blocksHit: 0, checkpoints: 0 };
    cost.events += result.events;
    for (const key of ['fpi', 'walBytes', 'blocksRead', 'blocksHit', 'checkpoints'] as const) cost[key] += after[key] - before[key];
    this.costs.set(label, cost);
    return result;
  }

  /** The costs measured since the last call, by label; then starts again. */
  take(): [string, Cost][] {
    const taken = [...this.costs.entries()];
    this.costs.clear();
    return taken;
  }
}

const REFERENCE_ROWS = 50_000;

/**
 * Indexes a writer pays for that no append needs: the candidates to drop (the tenant
 * commit-order index until migration 6 dropped it; the position key, which the audit
 * reader and cursorAtPosition use).
 */
const ABLATED = ['es_events_tenant_commit_order_idx', 'constraint es_events_pkey'];

interface StepFigures {
  events: number;
  fill: { events: number; seconds: number };
  single: number;
  singleV4: number;
  bareSingle: number;
  batched: number;
  bareBatched: number;
  streamP50: number;
  streamP99: number;
  bareStreamP50: number;
  bareStreamP99: number;
  logRead: number;
  bareLogRead: number;
  bareLogReadText: number;
  bareLogReadRelay: number;
  bareLogReadBinary: number;
  refSingle: number;
  refBatched: number;
  refLogRead: number;
  /** the store's log read of as many events as the reference read */
  logReadSmall: number;
  catchUp: number;
  sizes: { name: string; bytes: number; scans: string }[];
  hotUpdates: string;
  indexCosts: { index: string; withIt: number; without: number }[];
  /** single-event appends started right after a CHECKPOINT: every page's first change writes it whole to the WAL */
  singleAfterCheckpoint: number;
  costs: [string, Cost][];
  load: string;
}

/**
 * Best of two runs of `work`, alternating with `other`'s, so that neither always reads a
 * cache the other warmed. With `labels`, what each run cost the server is added to them.
 */
async function bestOfTwo(work: () => Promise<number>, other?: () => Promise<number>, labels?: { meter: ServerMeter; work: string; other?: string }): Promise<[number, number]> {
  let a = 0;
  let b = 0;
  const run = (label: string | undefined, fn: () => Promise<number>) => (labels && label ? labels.meter.around(label, () => timed(fn)) : timed(fn));
  for (let round = 0; round < 2; round++) {
    a = Math.max(a, (await run(labels?.work, work)).rate);
    if (other) b = Math.max(b, (await run(labels?.other, other)).rate);
  }
  return [a, b];
}

export async function runScale(argv: readonly string[]): Promise<void> {
  const opts = parseScaleOptions(argv);
  let database: TestDatabase | undefined;
  let store: SqlEventStore | undefined;
  let bare: Pool | undefined;
  let server: { pg: PrivatePostgres; work: string } | undefined;
  const cleanUp = async (): Promise<void> => {
    await bare?.end().catch(() => undefined);
    await store?.close().catch(() => undefined);
    if (opts.keep) {
      if (server) progress(`kept: the private server on 127.0.0.1:${server.pg.port}, data in ${server.pg.dataDir}`);
      return;
    }
    await database?.drop().catch(() => undefined);
    if (server) {
      await server.pg.stop();
      rmSync(server.work, { recursive: true, force: true });
    }
  };
  const onSignal = (): void => {
    progress('interrupted: dropping the benchmark database');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (opts.server) {
      const work = mkdtempSync(path.join(os.tmpdir(), 'scale-pg-'));
      progress(`starting a private PostgreSQL server in ${work}`);
      server = { pg: await PrivatePostgres.start(path.join(work, 'postgres'), await freePort(), opts.server), work };
      // createTestDatabase (and so the store and the bare pool) goes where DATABASE_URL says
      process.env['DATABASE_URL'] = `postgresql://postgres@127.0.0.1:${server.pg.port}/postgres`;
    }
    database = await createTestDatabase('bench_scale');
    store = await openPostgresEventStore({ ...database.config, max: opts.writers + 2 }, { notify: false });
    bare = new Pool({ ...database.config, max: opts.writers });
    const [version] = (await bare.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows.map((r) => r.v);
    const settings = (await bare.query<{ s: string }>(
      `SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) AS s FROM pg_settings
        WHERE name IN ('shared_buffers', 'effective_cache_size', 'max_wal_size', 'synchronous_commit', 'checkpoint_timeout', 'wal_compression', 'wal_buffers', 'fsync')`,
    )).rows[0]?.s;
    process.stdout.write(
      `event-store scale benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, PostgreSQL ${version} (${settings}), ` +
        `Node ${process.version}, database ${database.name} on ${server ? `a private server (--tuned-server), port ${server.pg.port}` : 'the shared server'}\n` +
        `steps ${opts.steps.map(fmt).join(', ')}; ${opts.writers} writers; ${opts.tenants} tenants; streams of 5-50 events, ~400-byte payloads, UUIDv7 ids\n`,
    );

    const filler = new LogFiller(store, opts);
    const measures = new Measures(store, bare, filler, opts);
    const storeDriver = store.driver;
    const barePool = bare;
    const meter = new ServerMeter(
      [
        { size: opts.writers + 2, query: (sql) => storeDriver.query(sql) },
        { size: opts.writers, query: (sql) => barePool.query(sql) },
      ],
      bare,
    );
    /** Events in the log: the fill plus what the measures appended. */
    let extra = 0;
    const inLog = (): number => filler.events + extra;

    // warm-up: connections, plans, the PL/pgSQL function cache
    await filler.fillTo(Math.min(5000, opts.steps[0]!), inLog);
    await measures.storeSingle(uuidv7);
    extra += opts.single;

    const figures: StepFigures[] = [];
    for (const step of opts.steps) {
      progress(`filling to ${fmt(step)} events`);
      const fill = await filler.fillTo(step, inLog);
      progress(`at ${fmt(inLog())} events: VACUUM ANALYZE (what autovacuum would have done by now), then measuring`);
      await bare.query('VACUUM (ANALYZE) es_events');
      await bare.query('VACUUM (ANALYZE) es_streams');
      const hot = (await bare.query<{ upd: string; hot: string }>(`SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'es_streams'`)).rows[0];

      await measures.refreshReference();
      meter.take();
      const [single, bareSingle] = await bestOfTwo(() => measures.storeSingle(uuidv7), () => measures.bareSingle(), { meter, work: 'store single', other: 'bare single' });
      const [singleV4, refSingle] = await bestOfTwo(() => measures.storeSingle(() => randomUUID()), () => measures.bareSingle('ref_events'), {
        meter,
        work: 'store single, v4 ids',
        other: 'bare single, 50,000-row table',
      });
      const [batched, bareBatched] = await bestOfTwo(() => measures.storeBatched(), () => measures.bareBatched(), { meter, work: 'store 100-event', other: 'bare 100-row' });
      const [refBatched] = await bestOfTwo(() => measures.bareBatched('ref_events'));
      // the same single appends right after a checkpoint: each page's first change after it goes to the WAL whole
      await bare.query('CHECKPOINT');
      const singleAfterCheckpoint = (await meter.around('store single, after CHECKPOINT', () => timed(() => measures.storeSingle(uuidv7)))).rate;
      const costs = meter.take();
      extra += 7 * opts.single + 4 * opts.batches * 100;
      progress(`appends: single ${fmt(single)} (v4 ids ${fmt(singleV4)}, bare ${fmt(bareSingle)}), 100-event ${fmt(batched)} (bare ${fmt(bareBatched)}) events/s`);

      const reads = await measures.streamReads();
      // The checkpoint: the middle of the log by position (positions have holes: retried and
      // rolled-back appends use them up). Transaction ids are server-wide: a transaction open
      // anywhere on the server (another job's) holds back what readers may read, so wait
      // until the rows after the checkpoint are readable.
      const [maxPosition] = (await bare.query<{ p: string }>('SELECT max(position)::text AS p FROM es_events')).rows.map((r) => Number(r.p));
      const middle = await measures.cursorNear(Math.floor((maxPosition ?? 0) / 2));
      const count = await store.countEventsAfter(middle, { max: opts.logRead });
      const waitStarted = Date.now();
      while ((await measures.readableAfter(middle, count)) < count) {
        if (Date.now() - waitStarted > 300_000) throw new Error('the log stayed held back by a transaction open on the server for 5 minutes');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (Date.now() - waitStarted > 1000) progress(`waited ${((Date.now() - waitStarted) / 1000).toFixed(1)} s for a transaction open elsewhere on the server to end`);
      const page = 1000;
      const [logRead, bareLogRead] = await bestOfTwo(
        () => measures.storeLogRead(middle, count, page),
        () => measures.bareLogRead(middle, count, page, '*'),
      );
      const [bareLogReadText] = await bestOfTwo(() =>
        measures.bareLogRead(middle, count, page, 'position::text, transaction_id::text, tenant_id, stream_id, stream_category, stream_version::text, event_id::text, event_type, schema_version, data, metadata, recorded_at::text, prev_hash::text, hash::text'),
      );
      const [bareLogReadRelay] = await bestOfTwo(() =>
        measures.bareLogRead(middle, count, page, 'position::text, tenant_id, stream_id, stream_version::text, event_id::text, event_type, schema_version, data, metadata'),
      );
      const [bareLogReadBinary] = await bestOfTwo(() => measures.bareLogRead(middle, count, page, '*', true));
      const refCount = Math.min(count, REFERENCE_ROWS / 2);
      const [logReadSmall, refLogRead] = await bestOfTwo(
        () => measures.storeLogRead(middle, refCount, page),
        () => measures.bareLogRead(LOG_START, refCount, page, '*', false, 'ref_events'),
      );
      progress(`log read: store ${fmt(logRead)}, bare ${fmt(bareLogRead)} events/s`);
      const [lastPosition] = (await bare.query<{ p: string }>('SELECT max(position)::text AS p FROM es_events')).rows.map((r) => Number(r.p));
      const tail = await measures.cursorNear((lastPosition ?? 0) - count);
      const catchUpTarget = await measures.readableAfter(tail, 10 * count);
      const catchUp = await timed(() => measures.catchUp(tail, catchUpTarget));
      const sizes = await measures.sizes();
      const indexCosts = [];
      const present = new Set(sizes.map((x) => x.name));
      for (const index of ABLATED.filter((name) => present.has(name.replace('constraint ', '')))) {
        // alternating, best of two each: the machine is shared and noisy
        let withIt = 0;
        let without = 0;
        for (let round = 0; round < 2; round++) {
          withIt = Math.max(withIt, await measures.indexCost(undefined));
          without = Math.max(without, await measures.indexCost(index));
        }
        indexCosts.push({ index: index.replace('constraint ', ''), withIt, without });
      }
      figures.push({
        singleAfterCheckpoint,
        costs,
        load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
        indexCosts,
        events: inLog(),
        fill,
        single,
        singleV4,
        bareSingle,
        batched,
        bareBatched,
        streamP50: percentile(reads.store, 50),
        streamP99: percentile(reads.store, 99),
        bareStreamP50: percentile(reads.bare, 50),
        bareStreamP99: percentile(reads.bare, 99),
        logRead,
        bareLogRead,
        bareLogReadText,
        bareLogReadRelay,
        bareLogReadBinary,
        refSingle,
        refBatched,
        refLogRead,
        logReadSmall,
        catchUp: catchUp.rate,
        sizes,
        hotUpdates: hot ? `${fmt(Number(hot.hot))} of ${fmt(Number(hot.upd))}` : '',
      });
      printStep(figures, opts);
    }
    printSummary(figures);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanUp();
  }
}

function printStep(figures: readonly StepFigures[], opts: ScaleOptions): void {
  const f = figures[figures.length - 1]!;
  const first = figures[0]!;
  const vsFirst = (now: number, then: number): string => (figures.length === 1 ? '' : pct(now / then));
  process.stdout.write(
    `\n== ${fmt(f.events)} events in the log (filled ${fmt(f.fill.events)} in ${f.fill.seconds.toFixed(0)} s, ${fmt(f.fill.events / f.fill.seconds)} events/s through appendToStreams; ` +
      `load average ${f.load})\n`,
  );
  printTable([
    ['measure', 'store', 'bare, same table', 'store/bare', `bare, ${fmt(REFERENCE_ROWS)}-row table`, 'store/small', `vs ${fmt(first.events)}`, 'same, per small'],
    [`single-event appends, ${opts.writers} writers (events/s)`, fmt(f.single), fmt(f.bareSingle), pct(f.single / f.bareSingle), fmt(f.refSingle), pct(f.single / f.refSingle), vsFirst(f.single, first.single), vsFirst(f.single / f.refSingle, first.single / first.refSingle)],
    ['  same with random (v4) event ids', fmt(f.singleV4), '', pct(f.singleV4 / f.bareSingle), '', pct(f.singleV4 / f.refSingle), vsFirst(f.singleV4, first.singleV4), vsFirst(f.singleV4 / f.refSingle, first.singleV4 / first.refSingle)],
    ['  bare INSERT, same table', fmt(f.bareSingle), '', '', '', pct(f.bareSingle / f.refSingle), vsFirst(f.bareSingle, first.bareSingle), vsFirst(f.bareSingle / f.refSingle, first.bareSingle / first.refSingle)],
    ['  same, right after a CHECKPOINT', fmt(f.singleAfterCheckpoint), '', pct(f.singleAfterCheckpoint / f.bareSingle), '', pct(f.singleAfterCheckpoint / f.refSingle), vsFirst(f.singleAfterCheckpoint, first.singleAfterCheckpoint), vsFirst(f.singleAfterCheckpoint / f.refSingle, first.singleAfterCheckpoint / first.refSingle)],
    [`100-event appends, ${opts.writers} writers (events/s)`, fmt(f.batched), fmt(f.bareBatched), pct(f.batched / f.bareBatched), fmt(f.refBatched), pct(f.batched / f.refBatched), vsFirst(f.batched, first.batched), vsFirst(f.batched / f.refBatched, first.batched / first.refBatched)],
    ['read a 50-event stream, p50', ms(f.streamP50), ms(f.bareStreamP50), pct(f.bareStreamP50 / f.streamP50), '', '', vsFirst(first.streamP50, f.streamP50), ''],
    ['read a 50-event stream, p99', ms(f.streamP99), ms(f.bareStreamP99), pct(f.bareStreamP99 / f.streamP99), '', '', vsFirst(first.streamP99, f.streamP99), ''],
    ['commit-order read from a checkpoint (events/s)', fmt(f.logRead), fmt(f.bareLogRead), pct(f.logRead / f.bareLogRead), '', '', vsFirst(f.logRead, first.logRead), ''],
    [`  ${fmt(Math.min(opts.logRead, REFERENCE_ROWS / 2))} events of it`, fmt(f.logReadSmall), '', '', fmt(f.refLogRead), pct(f.logReadSmall / f.refLogRead), vsFirst(f.logReadSmall, first.logReadSmall), vsFirst(f.logReadSmall / f.refLogRead, first.logReadSmall / first.refLogRead)],
    ['  bare, all columns cast to text', '', fmt(f.bareLogReadText), pct(f.logRead / f.bareLogReadText), '', '', '', ''],
    ['  bare, only the columns a relay needs', '', fmt(f.bareLogReadRelay), pct(f.logRead / f.bareLogReadRelay), '', '', '', ''],
    ['  bare, binary results', '', fmt(f.bareLogReadBinary), pct(f.logRead / f.bareLogReadBinary), '', '', '', ''],
    ['catch-up subscription (events/s)', fmt(f.catchUp), '', '', '', '', vsFirst(f.catchUp, first.catchUp), ''],
  ]);
  process.stdout.write(
    '(stream reads: store/bare is bare latency / store latency, vs is then / now. "per small": store/small now against store/small at the first step: the\n' +
      ' growth with the log\'s size once the machine\'s speed at the moment, read on the small table, is divided out)\n',
  );
  process.stdout.write('what an appended event cost the server (sums over the runs of each measure; WAL counters are server-wide):\n');
  const per = (n: number, c: Cost): string => (c.events > 0 ? (n / c.events).toFixed(2) : '');
  printTable([
    ['appends', 'events', 'WAL full-page images/event', 'WAL bytes/event', 'blocks read outside shared_buffers/event', 'buffer hits/event', 'checkpoints during'],
    ...f.costs.map(([label, c]) => [label, fmt(c.events), per(c.fpi, c), fmt(c.walBytes / Math.max(1, c.events)), per(c.blocksRead, c), per(c.blocksHit, c), String(c.checkpoints)]),
  ]);
  printTable([['relation', 'size', 'index scans'], ...f.sizes.map((s) => [s.name, mib(s.bytes), s.scans]), ['es_streams HOT updates', f.hotUpdates, '']]);
  process.stdout.write('what an index costs the writers (appends in a rolled-back transaction, no commit cost; events/s):\n');
  printTable([['index', 'with it', 'without it', 'gain'], ...f.indexCosts.map((c) => [c.index, fmt(c.withIt), fmt(c.without), pct(c.without / c.withIt - 1)])]);
}

function printSummary(figures: readonly StepFigures[]): void {
  if (figures.length < 2) return;
  const first = figures[0]!;
  const adj = (f: StepFigures, now: number, ref: number, then: number, thenRef: number): string => `${fmt(now)} (${pct(now / then)}; ${pct(now / ref / (then / thenRef))})`;
  process.stdout.write('\n== summary: rate (against the first step; against it per small-table reference)\n');
  printTable([
    ['events', 'single/s', '100-event/s', 'stream p50', 'stream p99', 'log read/s', 'store/bare read', 'catch-up/s', 'heap+TOAST', 'indexes', 'load'],
    ...figures.map((f) => {
      const heap = f.sizes.filter((s) => s.name.startsWith('es_events ')).reduce((a, s) => a + s.bytes, 0);
      const indexes = f.sizes.filter((s) => s.name.startsWith('es_events_')).reduce((a, s) => a + s.bytes, 0);
      return [
        fmt(f.events),
        adj(f, f.single, f.refSingle, first.single, first.refSingle),
        adj(f, f.batched, f.refBatched, first.batched, first.refBatched),
        ms(f.streamP50),
        ms(f.streamP99),
        adj(f, f.logReadSmall, f.refLogRead, first.logReadSmall, first.refLogRead),
        pct(f.logRead / f.bareLogRead),
        `${fmt(f.catchUp)} (${pct(f.catchUp / first.catchUp)})`,
        mib(heap),
        mib(indexes),
        f.load,
      ];
    }),
  ]);
}
