import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ExpectedVersion, NodePostgresDriver } from '@collections/shared-event-store';
import { eventually } from '@collections/shared-testing';
import { migrateInbox } from './consumer/inbox';
import { HEADER } from './envelope';
import { KafkaPublisher } from './kafka/kafka-publisher';
import { OutboxRelay } from './relay/outbox-relay';
import { runScript, type ScriptProcess } from './testing/child-process';
import { collectTopic, createMessagingTestKit, paymentEvent, type MessagingTestKit } from './testing/messaging-test-kit';
import { currentTraceContext } from './tracing';

/**
 * What survives a process dying at the worst moment. Relays and consumers run as
 * separate Node processes and are killed with SIGKILL (no shutdown hook runs); the
 * tests count what reached the topic and what was applied in the consumer's table.
 * Duplicates on the topic are allowed; duplicate effects are not.
 */
describe('delivery when processes die', () => {
  let kit: MessagingTestKit;
  let database: NodePostgresDriver;
  const processes: ScriptProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    kit = await createMessagingTestKit('failure', 6);
    database = NodePostgresDriver.create({ ...kit.database.config, max: 2 });
    await migrateInbox(database);
    await database.exec('CREATE TABLE effects (id bigserial PRIMARY KEY, event_id text NOT NULL, stream_id text NOT NULL, seq int NOT NULL)');
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.kill()));
    while (cleanups.length) await cleanups.pop()!();
    await database.close();
    await kit.close();
  });

  const env = (extra: Record<string, string> = {}) => ({
    TEST_DB: JSON.stringify(kit.database.config),
    TEST_CONTEXT: kit.context,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    ...extra,
  });
  const start = (script: string, extra: Record<string, string> = {}) => {
    const p = runScript(script, env(extra));
    processes.push(p);
    return p;
  };
  /** A relay in this process (the tests that kill the consumer side need one that stays up). */
  const startInProcessRelay = (): OutboxRelay => {
    const publisher = KafkaPublisher.create(kit.kafka);
    const relay = new OutboxRelay({ store: kit.store, lockConnection: kit.database.config, publisher, contracts: kit.contracts });
    relay.start();
    cleanups.push(async () => {
      await relay.stop();
      await publisher.close();
    });
    return relay;
  };
  const lastPublished = (p: ScriptProcess) => Math.max(0, ...p.lines.map((l) => Number(l['published'] ?? 0)));

  async function effects(): Promise<{ total: number; distinct: number }> {
    const [row] = await database.query<{ total: string; distinct: string }>(
      'SELECT count(*)::text AS total, count(DISTINCT event_id)::text AS distinct FROM effects',
    );
    return { total: Number(row?.total), distinct: Number(row?.distinct) };
  }

  async function distinctOnTopic(collector: { messages: { headers: Record<string, string> }[] }): Promise<number> {
    return new Set(collector.messages.map((m) => m.headers[HEADER.eventId])).size;
  }

  it('a relay SIGKILLed in the middle of a large batch and restarted loses nothing, and consumers apply each event once', async () => {
    await kit.appendPayments(200, 50); // 10,000 events
    const collector = await collectTopic(kit.kafka, kit.topic);
    cleanups.push(collector.stop);
    const consumer = start('consumer.process.ts', { GROUP_ID: `debtors-${kit.context}` });

    const first = start('relay.process.ts', { RELAY_BATCH_SIZE: '2000' });
    await eventually(() => expect(lastPublished(first)).toBeGreaterThanOrEqual(2000), 60_000);
    await first.kill('SIGKILL');
    const publishedBeforeKill = lastPublished(first);
    expect(publishedBeforeKill).toBeLessThan(10_000);

    start('relay.process.ts', { RELAY_BATCH_SIZE: '2000' });
    await eventually(async () => expect(await effects()).toEqual({ total: 10_000, distinct: 10_000 }), 90_000);
    // the collector is its own consumer group and may still be behind the consumer whose effects we saw
    await eventually(async () => expect(await distinctOnTopic(collector)).toBe(10_000), 60_000);
    expect(collector.messages.length).toBeGreaterThanOrEqual(10_000);
    await consumer.kill('SIGTERM');
  });

  it('a consumer SIGKILLed before committing its offsets gets the messages again and applies none twice', async () => {
    await kit.appendPayments(100, 20); // 2,000 events
    const relay = startInProcessRelay();
    await eventually(() => expect(relay.published).toBe(2000), 60_000);

    // offsets committed once a minute: the kill surely comes before any commit
    const crashing = start('consumer.process.ts', { GROUP_ID: `contacts-${kit.context}`, CRASH_AFTER_EFFECTS: '700', COMMIT_INTERVAL_MS: '60000' });
    expect((await crashing.exited).signal).toBe('SIGKILL');
    // effects commit per chunk: the chunk being handled at the kill is rolled back, earlier ones stay
    const appliedBeforeCrash = (await effects()).total;
    expect(appliedBeforeCrash).toBeGreaterThan(0);
    expect(appliedBeforeCrash).toBeLessThan(2000);

    const restarted = start('consumer.process.ts', { GROUP_ID: `contacts-${kit.context}` });
    await eventually(async () => expect(await effects()).toEqual({ total: 2000, distinct: 2000 }), 90_000);

    // Whatever offsets the dead consumer managed to commit, make the redelivery total:
    // the group re-reads the whole topic, and the inbox turns every message away.
    await restarted.kill('SIGTERM');
    const admin = kit.kafka.admin();
    await admin.connect();
    await eventually(() => admin.resetOffsets({ groupId: `contacts-${kit.context}`, topic: kit.topic, earliest: true }), 60_000, 500);
    await admin.disconnect();
    const again = start('consumer.process.ts', { GROUP_ID: `contacts-${kit.context}` });
    await eventually(() => expect(Math.max(0, ...again.lines.map((l) => Number(l['duplicate'] ?? 0)))).toBe(2000), 90_000);
    expect(Math.max(0, ...again.lines.map((l) => Number(l['handled'] ?? 0)))).toBe(0);
    expect(await effects()).toEqual({ total: 2000, distinct: 2000 });
  });

  it('when the active one of two relays is SIGKILLed, the standby continues with no gap', async () => {
    const collector = await collectTopic(kit.kafka, kit.topic);
    cleanups.push(collector.stop);
    const a = start('relay.process.ts', { RELAY_ID: 'pair' });
    const b = start('relay.process.ts', { RELAY_ID: 'pair' });
    await eventually(() => expect([...a.lines, ...b.lines].filter((l) => l['leader'])).toHaveLength(1), 30_000);
    const leader = a.lines.some((l) => l['leader']) ? a : b;
    const standby = leader === a ? b : a;

    let appended = 0;
    let appending = true;
    const streams = Array.from({ length: 20 }, () => `debt-${randomUUID()}`);
    const writer = (async () => {
      for (let seq = 1; appending; seq++) {
        await Promise.all(streams.map((id) => kit.store.appendToStream(id, [paymentEvent(id, seq)], { tenantId: 'tenant-a', expectedVersion: ExpectedVersion.exact(seq - 1) })));
        appended += streams.length;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    await eventually(() => expect(lastPublished(leader)).toBeGreaterThan(200), 30_000);
    await leader.kill('SIGKILL');
    const takeoverStarted = Date.now();
    await eventually(() => expect(standby.lines.some((l) => l['leader'])).toBe(true), 10_000);
    const takeoverMs = Date.now() - takeoverStarted;
    expect(takeoverMs).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 1000));
    appending = false;
    await writer;

    await eventually(async () => expect(await distinctOnTopic(collector)).toBe(appended), 60_000);
    // per stream, the versions seen on the topic are 1..n without a hole
    for (const id of streams) {
      const versions = [...new Set(collector.messages.filter((m) => m.key === id).map((m) => Number(m.headers[HEADER.streamVersion])))];
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    }
  });

  it('carries the trace context: a span started before the append is the parent of the consumer’s span in another process', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(provider);
    cleanups.push(async () => {
      trace.disable();
      context.disable();
    });

    const consumer = start('consumer.process.ts', { GROUP_ID: `reporting-${kit.context}` });
    startInProcessRelay();

    const debtId = `debt-${randomUUID()}`;
    const commandSpan = await trace.getTracer('test').startActiveSpan('RecordPayment command', async (span) => {
      await kit.store.appendToStream(debtId, [paymentEvent(debtId, 1, { ...currentTraceContext() } as Record<string, string>)], {
        tenantId: 'tenant-a',
        expectedVersion: ExpectedVersion.noStream,
      });
      span.end();
      return span.spanContext();
    });

    const consumerSpan = await eventually(() => {
      const found = consumer.lines.map((l) => l['span'] as Record<string, unknown> | undefined).find((s) => s?.['name'] === 'PaymentRecorded process');
      expect(found).toBeDefined();
      return found!;
    }, 60_000);
    expect(consumerSpan).toMatchObject({ traceId: commandSpan.traceId, parentSpanId: commandSpan.spanId, kind: 4 /* CONSUMER */ });
    expect(consumerSpan['attributes']).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': kit.topic, 'collections.tenant_id': 'tenant-a' });
    expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('RecordPayment command');
  });
});
