/**
 * Peer benchmark: the same appends (and a whole-log read) through
 * @event-driven-io/emmett-postgresql 0.42.0, for tools/bench/event-store.
 *
 *   BENCH_DATABASE_URL=postgres://… node tools/bench/emmett-peer/bench.mjs \
 *     --writers 4 --single 4000 --batches 200 [--read] [--log-events N]
 *
 * BENCH_DATABASE_URL must name an EMPTY database: Emmett creates its own schema there.
 * stdout: exactly one JSON line at the end; progress goes to stderr.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Loaded in main() so that a missing install gets a clear message instead of ERR_MODULE_NOT_FOUND.
let pg, dumbo, endAllPools, getPostgreSQLEventStore, messagesTable, readMessagesBatch;

const EXPECTED_VERSION = '0.42.0';
const STREAMS_PER_WRITER = 100;
const BATCH = 100;
const READ_BATCH = 10_000;
const WARMUP_SINGLE = 100;

/** A problem with how the bench was called: reported without a stack trace. */
class UsageError extends Error {}

const progress = (line) => void process.stderr.write(`  … emmett: ${line}\n`);
const fmt = (n) => Math.round(n).toLocaleString('en');

function installedVersion() {
  // The package's "exports" hide package.json, so read it from this folder's node_modules.
  const file = new URL('./node_modules/@event-driven-io/emmett-postgresql/package.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

function parseArgs(argv) {
  const known = new Set(['--writers', '--single', '--batches', '--log-events', '--read']);
  for (const arg of argv) {
    if (arg.startsWith('--') && !known.has(arg)) throw new UsageError(`unknown flag ${arg} (known: ${[...known].join(', ')})`);
  }
  const value = (name, fallback, min) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const parsed = Number(argv[i + 1]);
    if (!Number.isInteger(parsed) || parsed < min) throw new UsageError(`--${name} needs an integer >= ${min} (got ${argv[i + 1] ?? 'nothing'})`);
    return parsed;
  };
  return {
    writers: value('writers', 4, 1),
    single: value('single', 4000, 0),
    batches: value('batches', 200, 0),
    logEvents: value('log-events', 0, 0),
    read: argv.includes('--read'),
  };
}

/** Splits `total` appends over `writers` so the sum is exactly `total`. */
const shares = (total, writers) => Array.from({ length: writers }, (_, w) => Math.floor(total / writers) + (w < total % writers ? 1 : 0));

function paymentRecorded(i) {
  return {
    type: 'PaymentRecorded',
    data: {
      debtId: `debt-${i}`,
      amount: { amount: 12_345, currency: 'BRL' },
      paidOn: '2026-11-24',
      channel: 'pix',
      reference: randomBytes(16).toString('hex'),
    },
    metadata: { correlationId: randomUUID() },
  };
}

async function timed(work) {
  const started = process.hrtime.bigint();
  const events = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds) };
}

/**
 * `total` appends of `size` events spread over `writers` concurrent writers; each writer
 * cycles over its own STREAMS_PER_WRITER streams `<prefix>-<writer>-<k>` and passes the
 * locally tracked version as expectedStreamVersion (0n = the stream must not exist yet).
 */
async function appendPhase(store, { writers, total, size, prefix }) {
  const counts = await Promise.all(
    shares(total, writers).map(async (appends, w) => {
      const versions = new Array(STREAMS_PER_WRITER).fill(0n);
      for (let i = 0; i < appends; i++) {
        const k = i % STREAMS_PER_WRITER;
        const events = Array.from({ length: size }, (_, j) => paymentRecorded(i * size + j));
        const result = await store.appendToStream(`${prefix}-${w}-${k}`, events, { expectedStreamVersion: versions[k] });
        if (result.nextExpectedStreamVersion !== versions[k] + BigInt(size)) {
          throw new Error(`${prefix}-${w}-${k}: expected version ${versions[k] + BigInt(size)} after append, Emmett says ${result.nextExpectedStreamVersion}`);
        }
        versions[k] = result.nextExpectedStreamVersion;
      }
      return appends * size;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Whole log in Emmett's global order: readMessagesBatch({ after, batchSize }) until a read comes back empty. */
async function readWholeLog(execute) {
  let after = 0n;
  let count = 0;
  let batches = 0;
  for (;;) {
    const { messages, currentGlobalPosition } = await readMessagesBatch(execute, { after, batchSize: READ_BATCH });
    if (messages.length === 0) return { count, batches };
    count += messages.length;
    batches++;
    after = currentGlobalPosition;
  }
}

/** Emmett's consumer (what it offers for processing the whole log): one reactor from BEGINNING, stop when caught up. */
async function consumeWholeLog(store) {
  let count = 0;
  const consumer = store.consumer({
    stopWhen: { noMessagesLeft: true },
    pulling: { batchSize: READ_BATCH, pullingFrequencyInMs: 0 },
  });
  consumer.reactor({
    processorId: `emmett-peer-bench-${randomUUID()}`,
    startFrom: 'BEGINNING',
    eachMessage: async () => {
      count++;
    },
  });
  try {
    await consumer.start();
  } finally {
    await consumer.stop();
  }
  return count;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new UsageError('BENCH_DATABASE_URL is not set (postgres:// URL of an empty database; Emmett creates its schema there)');
  let version;
  try {
    version = installedVersion();
    ({ default: pg } = await import('pg'));
    ({ dumbo, endAllPools } = await import('@event-driven-io/dumbo'));
    ({ getPostgreSQLEventStore, messagesTable, readMessagesBatch } = await import('@event-driven-io/emmett-postgresql'));
  } catch (err) {
    throw new UsageError(`Emmett is not installed here (${err.code ?? err.message}): run npm ci --prefix tools/bench/emmett-peer`);
  }
  if (version !== EXPECTED_VERSION) throw new UsageError(`installed @event-driven-io/emmett-postgresql is ${version}, expected ${EXPECTED_VERSION} (run npm ci --prefix tools/bench/emmett-peer)`);

  const pool = new pg.Pool({ connectionString: url, max: opts.writers + 2 });
  pool.on('error', (err) => progress(`idle pool client error: ${err.message}`));
  let store;
  try {
    const [{ tables }] = (await pool.query("SELECT count(*)::int AS tables FROM pg_tables WHERE tablename LIKE 'emt\\_%'")).rows;
    if (tables > 0) throw new UsageError(`database is not empty (${tables} emt_* tables already exist): pass a freshly created database`);

    store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
    await store.schema.migrate();
    progress(`schema created; warming up (${WARMUP_SINGLE} single + ${opts.writers} batched appends)`);
    await appendPhase(store, { writers: opts.writers, total: WARMUP_SINGLE, size: 1, prefix: 'bench_warmup' });
    await appendPhase(store, { writers: opts.writers, total: opts.writers, size: BATCH, prefix: 'bench_warmupbatch' });
    let written = WARMUP_SINGLE + opts.writers * BATCH;

    let single = null;
    if (opts.single > 0) {
      single = await timed(() => appendPhase(store, { writers: opts.writers, total: opts.single, size: 1, prefix: 'bench_single' }));
      written += single.events;
      progress(`single-event appends: ${fmt(single.events)} events in ${single.seconds}s = ${fmt(single.eventsPerSecond)} events/s (${opts.writers} writers)`);
    }
    let batched = null;
    if (opts.batches > 0) {
      batched = await timed(() => appendPhase(store, { writers: opts.writers, total: opts.batches, size: BATCH, prefix: 'bench_batch' }));
      written += batched.events;
      progress(`${BATCH}-event appends: ${fmt(batched.events)} events in ${batched.seconds}s = ${fmt(batched.eventsPerSecond)} events/s (${opts.writers} writers)`);
    }
    if (opts.logEvents > written) {
      const appends = Math.ceil((opts.logEvents - written) / 500);
      progress(`filling the log to ~${fmt(opts.logEvents)} events (${fmt(appends)} untimed appends of 500)`);
      written += await appendPhase(store, { writers: opts.writers, total: appends, size: 500, prefix: 'bench_fill' });
    }

    const [{ stored }] = (await pool.query(`SELECT count(*)::int AS stored FROM ${messagesTable.name}`)).rows;
    if (stored !== written) throw new Error(`appended ${written} events but ${messagesTable.name} holds ${stored}`);

    let readAll = null;
    let catchUp = null;
    const notes = [];
    if (opts.read) {
      const db = dumbo({ connectionString: url, pool });
      let batches = 0;
      const read = await timed(async () => {
        const r = await readWholeLog(db.execute);
        batches = r.batches;
        return r.count;
      });
      readAll = { ...read, api: 'readMessagesBatch', batchSize: READ_BATCH, queries: batches + 1, logEvents: stored, complete: read.events === stored };
      progress(`read whole log (readMessagesBatch, ${fmt(READ_BATCH)}/query): ${fmt(read.events)} of ${fmt(stored)} events in ${read.seconds}s = ${fmt(read.eventsPerSecond)} events/s`);
      if (!readAll.complete) notes.push(`readMessagesBatch returned ${read.events} of ${stored} events (it orders by transaction_id, global_position but pages with global_position > last seen)`);

      const consumed = await timed(() => consumeWholeLog(store));
      catchUp = { ...consumed, api: 'eventStore.consumer().reactor({ eachMessage })', batchSize: READ_BATCH, logEvents: stored, complete: consumed.events === stored };
      progress(`catch-up (consumer + reactor, checkpoint stored per message): ${fmt(consumed.events)} of ${fmt(stored)} events in ${consumed.seconds}s = ${fmt(consumed.eventsPerSecond)} events/s`);
      if (!catchUp.complete) notes.push(`consumer handled ${consumed.events} of ${stored} events`);
    }

    notes.unshift(
      opts.read
        ? `readAll = readMessagesBatch({ after, batchSize: ${READ_BATCH} }) loop over the global log (no readAll on the event store itself); catchUp = consumer+reactor, which stores a checkpoint per message`
        : 'readAll not measured (no --read)',
    );
    const result = {
      peer: `@event-driven-io/emmett-postgresql@${version}`,
      writers: opts.writers,
      single,
      batched,
      readAll,
      catchUp,
      note: notes.join('; '),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (store) await store.close().catch((err) => progress(`closing the event store: ${err.message}`));
    await pool.end().catch((err) => progress(`closing the pool: ${err.message}`));
    await endAllPools().catch(() => {});
  }
}

main().then(
  () => {
    // Everything is closed; if some handle still keeps the loop alive, say so and leave anyway.
    setTimeout(() => {
      progress('warning: open handles remain after closing the pools; exiting');
      process.exit(process.exitCode ?? 0);
    }, 5_000).unref();
  },
  (err) => {
    process.stderr.write(`emmett-peer bench failed: ${err instanceof UsageError ? err.message : (err?.stack ?? err)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 5_000).unref();
  },
);
