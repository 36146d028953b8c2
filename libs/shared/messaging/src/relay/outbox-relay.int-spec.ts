import { eventually } from '@collections/shared-testing';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { HEADER } from '../envelope';
import { randomUUID } from 'node:crypto';
import { ExpectedVersion, LOG_START } from '@collections/shared-event-store';
import { collectTopic, createMessagingTestKit, paymentEvent, type MessagingTestKit } from '../testing/messaging-test-kit';
import { OutboxRelay } from './outbox-relay';

describe('outbox relay on a real broker', () => {
  let kit: MessagingTestKit;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    kit = await createMessagingTestKit('relay');
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    await kit.close();
  });

  function relay(relayId = 'relay-under-test'): OutboxRelay {
    const publisher = KafkaPublisher.create(kit.kafka);
    const instance = new OutboxRelay({
      store: kit.store,
      lockConnection: kit.database.config,
      publisher,
      contracts: kit.contracts,
      relayId,
      batchSize: 200,
      takeoverIntervalMs: 200,
    });
    cleanups.push(async () => {
      await instance.stop();
      await publisher.close();
    });
    return instance;
  }

  it('publishes every public event keyed by stream id, keeping each stream in order across partitions', async () => {
    const streams = await kit.appendPayments(30, 20);
    const collector = await collectTopic(kit.kafka, kit.topic);
    cleanups.push(collector.stop);
    relay().start();

    await eventually(() => expect(collector.messages).toHaveLength(600), 60_000);
    const partitionsUsed = new Set(collector.messages.map((m) => m.partition));
    expect(partitionsUsed.size).toBeGreaterThan(1);
    for (const stream of streams) {
      const ofStream = collector.messages.filter((m) => m.key === stream);
      expect(new Set(ofStream.map((m) => m.partition)).size).toBe(1);
      expect(ofStream.map((m) => Number(m.headers[HEADER.streamVersion]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(ofStream.map((m) => (m.value as { seq: number }).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    const first = collector.messages[0]!;
    expect(first.headers).toMatchObject({
      [HEADER.type]: 'PaymentRecorded',
      [HEADER.schemaVersion]: '1',
      [HEADER.tenantId]: 'tenant-a',
      [HEADER.contentType]: 'application/json',
    });
    expect(first.headers[HEADER.eventId]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets only one relay lead, fences a leader whose session ended, and hands over without a gap', async () => {
    const collector = await collectTopic(kit.kafka, kit.topic);
    cleanups.push(collector.stop);
    const before = collector.messages.length;
    const a = relay('failover');
    const b = relay('failover');
    a.start();
    await eventually(() => expect(a.isLeader).toBe(true));
    b.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(b.isLeader).toBe(false);

    let bothLed = false;
    const watch = setInterval(() => (bothLed ||= a.isLeader && b.isLeader), 5);
    try {
      await kit.appendPayments(10, 5);
      // End the leader's session as a lost connection would: its lock goes with it,
      // and its next checkpoint write fails (the fence). Someone leads again.
      await kit.store.driver.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      await eventually(() => expect(a.isLeader || b.isLeader).toBe(true), 10_000);
      await kit.appendPayments(10, 5);

      // The leader stops (as in a deploy); the other takes over within seconds.
      const [leader, standby] = a.isLeader ? [a, b] : [b, a];
      await leader.stop();
      await eventually(() => expect(standby.isLeader).toBe(true), 10_000);
      await kit.appendPayments(10, 5);
    } finally {
      clearInterval(watch);
    }
    expect(bothLed).toBe(false);

    // 150 events of this test, plus the 600 of the first test (a new relay id starts at the beginning)
    await eventually(() => expect(new Set(collector.messages.slice(before).map((m) => m.headers[HEADER.eventId])).size).toBe(750), 60_000);
  });

  it('publishes each stream in version order while many-stream batches and late-reaching transactions race over shared streams', async () => {
    const tenantId = 'tenant-order';
    const hot = Array.from({ length: 8 }, () => `debt-${randomUUID()}`);
    const pick = () => hot[Math.floor(Math.random() * hot.length)]!;
    const collector = await collectTopic(kit.kafka, kit.topic);
    cleanups.push(collector.stop);
    relay('order').start();
    let seq = 0;
    const batches = async () => {
      for (let b = 0; b < 20; b++) {
        const streams = [...new Set([pick(), pick(), pick(), pick()])].sort();
        await kit.store.appendToStreams(
          streams.map((id) => ({ streamId: id, events: [paymentEvent(id, ++seq)], expectedVersion: ExpectedVersion.any })),
          { tenantId },
        );
      }
    };
    const transactions = async () => {
      for (let t = 0; t < 15; t++) {
        await kit.store.transaction(async (transaction) => {
          const own = `debt-${randomUUID()}`;
          await kit.store.appendToStream(own, [paymentEvent(own, ++seq)], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
          await new Promise((r) => setTimeout(r, Math.random() * 4));
          const id = pick();
          await kit.store.appendToStream(id, [paymentEvent(id, ++seq)], { tenantId, expectedVersion: ExpectedVersion.any, transaction });
        });
      }
    };
    await Promise.all([batches(), batches(), transactions(), transactions()]);
    const total = await kit.store.countEventsAfter(LOG_START, { tenantId, max: 1_000_000 });
    await eventually(() => expect(collector.messages.filter((m) => m.headers[HEADER.tenantId] === tenantId)).toHaveLength(total), 60_000);
    const byKey = new Map<string, number[]>();
    for (const m of collector.messages.filter((m) => m.headers[HEADER.tenantId] === tenantId)) {
      byKey.set(m.key!, [...(byKey.get(m.key!) ?? []), Number(m.headers[HEADER.streamVersion])]);
    }
    const outOfOrder = [...byKey].filter(([, versions]) => versions.some((v, i) => v !== i + 1));
    expect(outOfOrder.map(([key, versions]) => `${key}: ${versions.join(',')}`)).toEqual([]);
  });
});
