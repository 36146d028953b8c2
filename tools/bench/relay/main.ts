/**
 * Outbox relay benchmark: `npm run bench:relay [-- --events 50000 --latency-seconds 20
 * --batch-size 2000 --poll-ms 20 --rate 1000 --rounds 2 --consumer-concurrency 3]`.
 *
 * One process, one fresh database, the real broker (infra/kafka), one run, so the
 * ratios compare like with like:
 *  1. relay throughput: N events appended first (100-event appends, one stream each,
 *     not timed), then an OutboxRelay (fresh relay id, so no checkpoint) on an empty
 *     6-partition topic of a fresh context, timed from `start()` until the broker
 *     acknowledged all N messages;
 *  2. the ceiling: a raw KafkaJS producer with the KafkaPublisher's settings
 *     (idempotent, one request in flight, acks -1, no compression) sending N messages
 *     with the relay's keys and the value and headers of a real relay message, in
 *     `sendBatch` calls of the relay's batch size, to another empty 6-partition topic.
 *     1 and 2 alternate for `--rounds` rounds, best of each kept (the first round
 *     also warms the JIT up; a single round would favour whichever runs second);
 *  3. end-to-end latency at a steady rate: single-event appends (open loop, paced by
 *     the clock) while the last round's relay and a KafkaEventConsumer (own group,
 *     starting at the topic's end, inbox in the same database) run; latency = the
 *     handler's Date.now() - the wall clock just before the append call. The first
 *     2 s are warm-up and left out of the percentiles, but every event must arrive.
 * Figures are printed, never asserted (PASS/FAIL is informational): machines are
 * noisy, compare within one run. Exits non-zero only on errors or lost events.
 */
import { positiveIntegerOption, printTable } from '../bench-kit';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompressionTypes, Kafka, logLevel, type Message } from 'kafkajs';
import {
  ContractRegistry,
  HEADER,
  KafkaEventConsumer,
  KafkaPublisher,
  OutboxRelay,
  dlqTopicFor,
  integrationEventId,
  kafkaConfigFromEnv,
  migrateInbox,
  provisionTopics,
  topicFor,
  type MessagePublisher,
  type OutboundMessage,
} from '@collections/shared-messaging';
import {
  ExpectedVersion,
  NodePostgresDriver,
  openPostgresEventStore,
  type EventStore,
  type ReadAllOptions,
  type SqlEventStore,
} from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { paymentContract, paymentEvent } from '@collections/shared-messaging-testing';

// The probes follow one event from append to handler under the id it is published as.
const publishedId = (domainEventId: string): string => integrationEventId(domainEventId, 'PaymentRecorded', 1);

interface Options {
  events: number;
  latencySeconds: number;
  batchSize: number;
  pollMs: number;
  rate: number;
  consumerConcurrency: number;
  rounds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => positiveIntegerOption(argv, name, fallback);
  return {
    events: value('events', 50_000),
    latencySeconds: value('latency-seconds', 20),
    batchSize: value('batch-size', 2000),
    pollMs: value('poll-ms', 20),
    rate: value('rate', 1000),
    consumerConcurrency: value('consumer-concurrency', 3),
    rounds: value('rounds', 2),
  };
}

const APPEND_BATCH = 100;
const APPEND_WRITERS = 4;
const PARTITIONS = 6;
const WARM_UP_MS = 2000;
const TICK_MS = 10;
const LATENCY_STREAMS = 200;
const CONSUMER_INBOX_POOL = 4;
const DRAIN_TIMEOUT_MS = 30_000;

const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);
const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
const ms = (n: number): string => `${n.toFixed(0)} ms`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Where the relay's wall time goes, and what it sent. */
interface RelayProbe {
  readMs: number;
  reads: number;
  publishMs: number;
  publishes: number;
  checkpointMs: number;
  /** From a read that returned events to the publish call: OutboxRelay's mapping (contracts, JSON, headers). */
  buildMs: number;
  lastReadEnd: number | undefined;
  template: OutboundMessage | undefined;
  /** Latency phase only: event id -> when the relay's read returned it / the broker acknowledged it. */
  readAt: Map<string, number> | undefined;
  ackedAt: Map<string, number> | undefined;
}

/** The store as the relay sees it, timing its reads and checkpoint writes. */
function instrumentStore(store: SqlEventStore, probe: RelayProbe): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll') {
        return async (options?: ReadAllOptions) => {
          const started = now();
          const result = await target.readAll(options);
          const ended = now();
          probe.readMs += ended - started;
          probe.reads += 1;
          if (result.events.length > 0) probe.lastReadEnd = ended;
          if (probe.readAt) {
            const at = Date.now();
            for (const event of result.events) probe.readAt.set(publishedId(event.eventId), at);
          }
          return result;
        };
      }
      if (property === 'storeCheckpoint') {
        return async (...args: Parameters<EventStore['storeCheckpoint']>) => {
          const started = now();
          await target.storeCheckpoint(...args);
          probe.checkpointMs += now() - started;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore;
}

/** The publisher as the relay sees it: times each acknowledged batch, keeps one message as the raw template. */
function instrumentPublisher(publisher: MessagePublisher, probe: RelayProbe): MessagePublisher {
  return {
    async publish(messages) {
      const started = now();
      if (probe.lastReadEnd !== undefined) probe.buildMs += started - probe.lastReadEnd;
      probe.lastReadEnd = undefined;
      await publisher.publish(messages);
      probe.publishMs += now() - started;
      probe.publishes += 1;
      probe.template ??= messages[0];
      if (probe.ackedAt) {
        const at = Date.now();
        for (const m of messages) probe.ackedAt.set(m.headers[HEADER.eventId]!, at);
      }
    },
    close: () => publisher.close(),
  };
}

/**
 * KafkaEventConsumer runs KafkaJS with its default `partitionsConsumedConcurrently: 1`
 * and offers no option for it. `--consumer-concurrency N` (N > 1) injects it into the
 * consumer's `run()`, to show what that library option would change; the default (1)
 * measures the library as it is.
 */

async function appendBacklog(store: SqlEventStore, total: number): Promise<string[]> {
  const streams = Array.from({ length: Math.ceil(total / APPEND_BATCH) }, () => `debt-${randomUUID()}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: APPEND_WRITERS }, async () => {
      for (let s = next++; s < streams.length; s = next++) {
        const id = streams[s]!;
        const size = Math.min(APPEND_BATCH, total - s * APPEND_BATCH);
        const events = Array.from({ length: size }, (_, i) => paymentEvent(id, i + 1, { correlationId: randomUUID(), causationId: randomUUID() }));
        await store.appendToStream(id, events, { tenantId: 'tenant-bench', expectedVersion: ExpectedVersion.noStream });
      }
    }),
  );
  return streams;
}

async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

function kafkaVersion(): string {
  const pom = path.resolve(__dirname, '../../../infra/kafka/pom.xml');
  if (process.env['KAFKA_BROKERS'] || !existsSync(pom)) return 'Kafka';
  const match = /<kafka\.version>(.*)<\/kafka\.version>/.exec(readFileSync(pom, 'utf8'));
  return match ? `Kafka ${match[1]}` : 'Kafka';
}

function kafkajsVersion(): string {
  const manifest = JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '?';
}

const rounds = (n: number): string => `${n} round${n === 1 ? '' : 's'}`;

interface LatencyFigures {
  sent: number;
  received: number;
  measured: number;
  e2e: number[];
  toAck: number[];
  append: number[];
  toRead: number[];
  readToAck: number[];
  ackToHandler: number[];
  achievedRate: number;
}

interface Bench {
  readonly opts: Options;
  readonly runId: string;
  readonly kafka: Kafka;
  readonly store: SqlEventStore;
  readonly database: TestDatabase;
  /** Every topic created, deleted at the end. */
  readonly topics: string[];
}

async function createTopic(bench: Bench, topic: string): Promise<void> {
  const admin = bench.kafka.admin();
  await admin.connect();
  try {
    bench.topics.push(topic, dlqTopicFor(topic));
    await provisionTopics(admin, [topic], { partitions: PARTITIONS });
  } finally {
    await admin.disconnect();
  }
}

interface RelayRun {
  readonly relay: OutboxRelay;
  readonly publisher: KafkaPublisher;
  readonly probe: RelayProbe;
  readonly topic: string;
  readonly contracts: ContractRegistry;
  /** Phase 1 only: the probe keeps counting while the relay runs on. */
  readonly figures: {
    seconds: number;
    rate: number;
    readMs: number;
    reads: number;
    publishMs: number;
    publishes: number;
    checkpointMs: number;
    buildMs: number;
  };
}

function pick({ readMs, reads, publishMs, publishes, checkpointMs, buildMs }: RelayProbe) {
  return { readMs, reads, publishMs, publishes, checkpointMs, buildMs };
}

/** A relay of its own (fresh relay id: no checkpoint) publishing the whole backlog to a fresh, empty topic. */
async function relayRound(bench: Bench, round: number): Promise<RelayRun> {
  const { opts, kafka, store, database } = bench;
  const context = `bench${bench.runId}r${round}`;
  const topic = topicFor(context);
  await createTopic(bench, topic);
  const contracts = new ContractRegistry([paymentContract(context)]);
  const probe: RelayProbe = {
    readMs: 0,
    reads: 0,
    publishMs: 0,
    publishes: 0,
    checkpointMs: 0,
    buildMs: 0,
    lastReadEnd: undefined,
    template: undefined,
    readAt: undefined,
    ackedAt: undefined,
  };
  const publisher = KafkaPublisher.create(kafka);
  // Connect the producer outside the timed window, as for the raw producer.
  await publisher.publish([{ topic: dlqTopicFor(topic), key: 'warm-up', value: '{}', headers: {} }]);
  let allPublished: () => void = () => undefined;
  const published = new Promise<void>((resolve) => (allPublished = resolve));
  let lastProgress = now();
  const relay: OutboxRelay = new OutboxRelay({
    store: instrumentStore(store, probe),
    lockConnection: database.config,
    publisher: instrumentPublisher(publisher, probe),
    contracts,
    relayId: `bench-${bench.runId}-r${round}`,
    batchSize: opts.batchSize,
    pollIntervalMs: opts.pollMs,
    log: progress,
    onBatch: () => {
      lastProgress = now();
      if (relay.published >= opts.events) allPublished();
    },
  });
  const started = now();
  relay.start();
  let finished = false;
  try {
    await Promise.race([
      published.finally(() => (finished = true)),
      (async () => {
        while (!finished) {
          if (now() - lastProgress > DRAIN_TIMEOUT_MS) {
            throw new Error(`relay made no progress for ${DRAIN_TIMEOUT_MS / 1000} s at ${relay.published} of ${opts.events} messages`);
          }
          await sleep(100);
        }
      })(),
    ]);
  } catch (error) {
    await relay.stop();
    await publisher.close();
    throw error;
  }
  const seconds = (now() - started) / 1000;
  const figures = { seconds, rate: opts.events / seconds, ...pick(probe) };
  progress(
    `round ${round + 1} relay: ${fmt(opts.events)} messages in ${seconds.toFixed(2)} s = ${fmt(figures.rate)} events/s ` +
      `(${figures.publishes} batches; read ${fmt(figures.readMs)} ms, build ${fmt(figures.buildMs)} ms, publish ${fmt(figures.publishMs)} ms, checkpoint ${fmt(figures.checkpointMs)} ms)`,
  );
  const onTopic = await topicMessageCount(kafka, topic);
  if (onTopic !== opts.events) throw new Error(`relay topic holds ${onTopic} messages, expected ${opts.events}`);
  return { relay, publisher, probe, topic, contracts, figures };
}

/**
 * The ceiling: KafkaPublisher's producer settings and sendBatch call, the relay's
 * keys in the relay's order, the template's value and headers (a fresh event id
 * each, same length), in batches of the relay's size; messages built before timing.
 */
async function rawRound(bench: Bench, round: number, template: OutboundMessage, keys: readonly string[]): Promise<number> {
  const { opts, kafka } = bench;
  const topic = topicFor(`benchraw${bench.runId}r${round}`);
  await createTopic(bench, topic);
  const batches: Message[][] = [];
  for (let start = 0; start < opts.events; start += opts.batchSize) {
    const batch: Message[] = [];
    for (let i = start; i < Math.min(opts.events, start + opts.batchSize); i++) {
      batch.push({ key: keys[Math.floor(i / APPEND_BATCH)]!, value: template.value, headers: { ...template.headers, [HEADER.eventId]: randomUUID() } });
    }
    batches.push(batch);
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  let rate: number;
  try {
    await producer.send({ topic: dlqTopicFor(topic), acks: -1, messages: [{ key: 'warm-up', value: '{}' }] });
    const started = now();
    for (const messages of batches) {
      await producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages }] });
    }
    const seconds = (now() - started) / 1000;
    rate = opts.events / seconds;
    progress(`round ${round + 1} raw producer: ${fmt(opts.events)} messages in ${seconds.toFixed(2)} s = ${fmt(rate)} messages/s`);
  } finally {
    await producer.disconnect();
  }
  const onTopic = await topicMessageCount(kafka, topic);
  if (onTopic !== opts.events) throw new Error(`raw topic holds ${onTopic} messages, expected ${opts.events}`);
  return rate;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const runId = randomUUID().replace(/-/g, '').slice(0, 12);
  const kafkaConfig = kafkaConfigFromEnv(`bench-relay-${runId}`);
  const kafka = new Kafka({ ...kafkaConfig, logLevel: logLevel.ERROR });
  const topics: string[] = [];

  let database: TestDatabase | undefined;
  let store: SqlEventStore | undefined;
  let writerStore: SqlEventStore | undefined;
  let inboxDb: NodePostgresDriver | undefined;
  let current: RelayRun | undefined;
  let deadLetters: KafkaPublisher | undefined;
  let consumer: KafkaEventConsumer | undefined;
  try {
    database = await createTestDatabase('bench_relay');
    // The relay's store: like a relay process of its own, with a small pool.
    store = await openPostgresEventStore({ ...database.config, max: 2 });
    // The services' store: the writers of the latency phase.
    writerStore = await openPostgresEventStore({ ...database.config, max: 8 }, { migrate: false });
    const [pgVersion] = await store.driver.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const bench: Bench = { opts, runId, kafka, store, database, topics };

    process.stdout.write(
      `relay benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, PostgreSQL ${pgVersion?.v}, ` +
        `${kafkaVersion()} at ${kafkaConfig.brokers as string[]}, Node ${process.version}, KafkaJS ${kafkajsVersion()}; ` +
        `${fmt(opts.events)} events, relay batch ${opts.batchSize}, relay poll ${opts.pollMs} ms, ${PARTITIONS} partitions, best of ${rounds(opts.rounds)}\n`,
    );

    // 1 and 2. relay throughput and the raw producer, alternating, best of the rounds --
    progress(`appending ${fmt(opts.events)} events in ${APPEND_BATCH}-event appends (not timed)`);
    const appendStarted = now();
    const backlogStreams = await appendBacklog(store, opts.events);
    progress(`appended in ${((now() - appendStarted) / 1000).toFixed(1)} s over ${fmt(backlogStreams.length)} streams`);

    let bestRelay: RelayRun['figures'] | undefined;
    let bestRaw = 0;
    let template: OutboundMessage | undefined;
    for (let round = 0; round < opts.rounds; round++) {
      if (current) {
        // One relay at a time; the last one stays on for the latency phase.
        await current.relay.stop();
        await current.publisher.close();
        current = undefined;
      }
      current = await relayRound(bench, round);
      if (!bestRelay || current.figures.rate > bestRelay.rate) bestRelay = current.figures;
      template ??= current.probe.template;
      if (!template) throw new Error('the relay published nothing');
      bestRaw = Math.max(bestRaw, await rawRound(bench, round, template, backlogStreams));
    }
    if (!current || !bestRelay || !template) throw new Error('no round ran');
    const templateBytes = Buffer.byteLength(template.value) + Object.entries(template.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);

    const relayWallMs = bestRelay.seconds * 1000;
    const probe = current.probe;
    const relayTopic = current.topic;
    const contracts = current.contracts;

    // 3. end-to-end latency at a steady rate ------------------------------------------
    inboxDb = NodePostgresDriver.create({ ...database.config, max: Math.max(CONSUMER_INBOX_POOL, opts.consumerConcurrency) });
    await migrateInbox(inboxDb);
    const groupId = `bench-latency-${runId}`;
    {
      // The group starts at the end of the relay's topic: phase 1's messages are not part of this.
      const groupAdmin = kafka.admin();
      await groupAdmin.connect();
      try {
        const ends = await groupAdmin.fetchTopicOffsets(relayTopic);
        await groupAdmin.setOffsets({ groupId, topic: relayTopic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      } finally {
        await groupAdmin.disconnect();
      }
    }
    const startedAt = new Map<string, number>();
    const appendedAt = new Map<string, number>();
    const handledAt = new Map<string, number>();
    let probeSeen: (() => void) | undefined;
    let probeId = '';
    deadLetters = KafkaPublisher.create(kafka);
    consumer = new KafkaEventConsumer({
      kafka,
      partitionsConcurrently: opts.consumerConcurrency,
      groupId,
      topics: [relayTopic],
      contracts,
      database: inboxDb,
      deadLetters,
      log: progress,
      handle: async (event) => {
        const at = Date.now();
        if (startedAt.has(event.eventId)) handledAt.set(event.eventId, at);
        else if (event.eventId === probeId) probeSeen?.();
      },
    });
    await consumer.start();
    // Wait until the whole path (append, relay, broker, group, handler) answers once.
    {
      const seen = new Promise<void>((resolve) => (probeSeen = resolve));
      const probeStream = `debt-${randomUUID()}`;
      const event = paymentEvent(probeStream, 1);
      probeId = publishedId(event.eventId);
      await writerStore.appendToStream(probeStream, [event], { tenantId: 'tenant-bench', expectedVersion: ExpectedVersion.noStream });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the consumer did not receive a probe event within 60 s')), 60_000);
      });
      await Promise.race([seen, timeout]).finally(() => clearTimeout(timer));
    }
    progress(`consumer ready; appending ${fmt(opts.rate)} events/s for ${opts.latencySeconds} s`);

    probe.readAt = new Map();
    probe.ackedAt = new Map();
    const latencyStreams = Array.from({ length: LATENCY_STREAMS }, () => `debt-${randomUUID()}`);
    const streamSeq = new Array<number>(LATENCY_STREAMS).fill(0);
    const total = opts.rate * opts.latencySeconds;
    const appends: Promise<unknown>[] = [];
    let appendFailure: unknown;
    let sent = 0;
    const loadStart = Date.now();
    const loadStartHr = now();
    await new Promise<void>((resolve) => {
      // Open loop: each tick sends what the clock says is due, so a stall is followed
      // by a burst, not by a quietly lower rate.
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((now() - loadStartHr) * opts.rate) / 1000));
        while (sent < due) {
          const s = sent % LATENCY_STREAMS;
          const stream = latencyStreams[s]!;
          const event = paymentEvent(stream, ++streamSeq[s]!);
          sent += 1;
          startedAt.set(publishedId(event.eventId), Date.now());
          appends.push(
            writerStore!
              .appendToStream(stream, [event], { tenantId: 'tenant-bench', expectedVersion: ExpectedVersion.any })
              .then(
                () => void appendedAt.set(publishedId(event.eventId), Date.now()),
                (error: unknown) => void (appendFailure ??= error),
              ),
          );
        }
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    const sendSeconds = (now() - loadStartHr) / 1000;
    await Promise.all(appends);
    if (appendFailure) throw appendFailure;
    // A consumer that is behind is waited for as long as it makes progress; only a
    // stall of DRAIN_TIMEOUT_MS counts the missing events as lost.
    const sendEnded = now();
    let lastCount = handledAt.size;
    let lastChange = now();
    while (handledAt.size < sent && now() - lastChange < DRAIN_TIMEOUT_MS) {
      await sleep(20);
      if (handledAt.size !== lastCount) {
        lastCount = handledAt.size;
        lastChange = now();
      }
    }
    progress(
      `sent ${fmt(sent)} in ${sendSeconds.toFixed(2)} s; received ${fmt(handledAt.size)}, the last ${((now() - sendEnded) / 1000).toFixed(1)} s after the last send`,
    );

    const figures: LatencyFigures = { sent, received: handledAt.size, measured: 0, e2e: [], toAck: [], append: [], toRead: [], readToAck: [], ackToHandler: [], achievedRate: sent / sendSeconds };
    for (const [id, started] of startedAt) {
      const handled = handledAt.get(id);
      if (handled === undefined || started - loadStart < WARM_UP_MS) continue;
      figures.e2e.push(handled - started);
      const appended = appendedAt.get(id);
      const read = probe.readAt.get(id);
      const acked = probe.ackedAt.get(id);
      if (appended !== undefined && acked !== undefined) figures.toAck.push(acked - appended);
      if (appended !== undefined && read !== undefined && acked !== undefined) {
        figures.append.push(appended - started);
        figures.toRead.push(read - appended);
        figures.readToAck.push(acked - read);
        figures.ackToHandler.push(handled - acked);
      }
    }
    figures.measured = figures.e2e.length;
    for (const list of [figures.e2e, figures.toAck, figures.append, figures.toRead, figures.readToAck, figures.ackToHandler]) list.sort((a, b) => a - b);

    // Report ---------------------------------------------------------------------------
    const ratio = bestRelay.rate / bestRaw;
    const p99 = percentile(figures.e2e, 99);
    const lost = figures.sent - figures.received;
    const spread = (list: readonly number[]): string => `p50 ${ms(percentile(list, 50))} / p99 ${ms(percentile(list, 99))}`;
    const share = (part: number): string => `${fmt(part)} ms (${pct(part / relayWallMs)})`;
    const rows: string[][] = [
      ['measure', 'figure', 'baseline', 'ratio', 'target'],
      [`relay throughput (${fmt(opts.events)} events, batch ${opts.batchSize})`, `${fmt(bestRelay.rate)} events/s`, `raw ${fmt(bestRaw)} msg/s`, pct(ratio), `>= 50% ${verdict(ratio >= 0.5)}`],
      [`raw KafkaJS sendBatch (${opts.batchSize}/batch, ${templateBytes} B/msg)`, `${fmt(bestRaw)} msg/s`, `${(1e6 / bestRaw).toFixed(1)} µs/msg`, '', ''],
      ['  relay time: read batches (readAll)', share(bestRelay.readMs), `${bestRelay.reads} reads, ${((bestRelay.readMs * 1000) / opts.events).toFixed(1)} µs/event`, '', ''],
      ['  relay time: publish (sendBatch to ack)', share(bestRelay.publishMs), `${bestRelay.publishes} batches, ${((bestRelay.publishMs * 1000) / opts.events).toFixed(1)} µs/msg`, '', ''],
      ['  relay time: build messages (contracts, JSON, headers)', share(bestRelay.buildMs), `${((bestRelay.buildMs * 1000) / opts.events).toFixed(1)} µs/msg`, '', ''],
      ['  relay time: checkpoint writes', share(bestRelay.checkpointMs), '', '', ''],
      ['  relay time: rest (leadership, checkpoint read, loop)', share(relayWallMs - bestRelay.readMs - bestRelay.buildMs - bestRelay.publishMs - bestRelay.checkpointMs), '', '', ''],
      [`e2e latency at ${fmt(opts.rate)}/s, ${opts.latencySeconds} s: p50`, ms(percentile(figures.e2e, 50)), `${fmt(figures.measured)} after ${WARM_UP_MS / 1000} s warm-up`, '', ''],
      ['e2e latency p95', ms(percentile(figures.e2e, 95)), '', '', ''],
      ['e2e latency p99', ms(p99), '', '', `< 200 ms ${verdict(p99 < 200)}`],
      ['e2e latency max', ms(figures.e2e[figures.e2e.length - 1] ?? Number.NaN), '', '', ''],
      ['events received / sent', `${fmt(figures.received)} / ${fmt(figures.sent)}`, `rate ${fmt(figures.achievedRate)}/s`, '', `all ${verdict(lost === 0)}`],
      ['  relay part: commit to broker ack', `p50 ${ms(percentile(figures.toAck, 50))} / p95 ${ms(percentile(figures.toAck, 95))}`, `p99 ${ms(percentile(figures.toAck, 99))}`, '', ''],
      ['  e2e: append call to commit', spread(figures.append), '', '', ''],
      ['  e2e: commit to relay read', spread(figures.toRead), '', '', ''],
      ['  e2e: relay read to broker ack', spread(figures.readToAck), '', '', ''],
      ['  e2e: broker ack to handler', spread(figures.ackToHandler), '', '', ''],
    ];
    printTable(rows);
    process.stdout.write(
      `settings: throughput best of ${rounds(opts.rounds)} (relay then raw, each on fresh topics); relay batch ${opts.batchSize}, relay poll ${opts.pollMs} ms (no NOTIFY wake-up: the relay only polls), relay store pool 2; ` +
        `KafkaPublisher (idempotent, maxInFlightRequests 1, acks -1, no compression); ` +
        `consumer: KafkaEventConsumer, own group at the topic's end, KafkaJS defaults (minBytes 1, maxWaitTimeInMs 5000), ` +
        `${opts.consumerConcurrency} partitions at a time, chunks of up to 200 messages per inbox transaction (pool ${Math.max(CONSUMER_INBOX_POOL, opts.consumerConcurrency)}); load: ${LATENCY_STREAMS} streams, single-event appends every ${TICK_MS} ms (writer pool 8)\n`,
    );
    if (lost !== 0) {
      process.stdout.write(`FAIL: ${fmt(lost)} of ${fmt(figures.sent)} events never reached the consumer (no progress for ${DRAIN_TIMEOUT_MS / 1000} s)\n`);
      process.exitCode = 1;
    }
  } finally {
    await consumer?.stop().catch(() => undefined);
    await deadLetters?.close().catch(() => undefined);
    await current?.relay.stop().catch(() => undefined);
    await current?.publisher.close().catch(() => undefined);
    await inboxDb?.close().catch(() => undefined);
    await writerStore?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    if (topics.length > 0) {
      // Event topics keep everything (retention.ms=-1): do not let them pile up.
      const cleanup = kafka.admin();
      await cleanup.connect().catch(() => undefined);
      await cleanup.deleteTopics({ topics }).catch(() => undefined);
      await cleanup.disconnect().catch(() => undefined);
    }
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
