import { randomUUID } from 'node:crypto';
import { NodePostgresDriver } from '@collections/shared-event-store';
import { eventually } from '@collections/shared-testing';
import { dlqTopicFor } from '@collections/shared-contracts';
import { HEADER, envelopeToHeaders } from '../envelope';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { MessagingMetrics } from '../metrics';
import { OutboxRelay } from '../relay/outbox-relay';
import { collectTopic, createMessagingTestKit, type MessagingTestKit } from '../testing/messaging-test-kit';
import type { IntegrationEventHandler } from './event-consumer.port';
import { migrateInbox } from './inbox';
import { KafkaEventConsumer } from './kafka-event-consumer';

describe('Kafka event consumer on a real broker', () => {
  let kit: MessagingTestKit;
  let database: NodePostgresDriver;
  let publisher: KafkaPublisher;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    kit = await createMessagingTestKit('consumer', 3);
    database = NodePostgresDriver.create({ ...kit.database.config, max: 4 });
    await migrateInbox(database);
    await database.exec('CREATE TABLE effects (id bigserial PRIMARY KEY, event_id text NOT NULL, stream_id text NOT NULL, seq int NOT NULL)');
    publisher = KafkaPublisher.create(kit.kafka);
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    await publisher.close();
    await database.close();
    await kit.close();
  });

  const recordEffect: IntegrationEventHandler = async (event, transaction) => {
    const payload = event.payload as { seq: number };
    await transaction.query('INSERT INTO effects (event_id, stream_id, seq) VALUES ($1, $2, $3)', [event.eventId, event.streamId, payload.seq]);
  };

  function consumer(groupId: string, handle: IntegrationEventHandler, metrics = new MessagingMetrics()): KafkaEventConsumer {
    const instance = new KafkaEventConsumer({
      kafka: kit.kafka,
      groupId,
      topics: [kit.topic],
      contracts: kit.contracts,
      database,
      handle,
      deadLetters: publisher,
      maxAttempts: 3,
      retryBackoffMs: 20,
      metrics,
    });
    cleanups.push(() => instance.stop());
    return instance;
  }

  async function effectCounts(): Promise<{ total: number; distinct: number }> {
    const [row] = await database.query<{ total: string; distinct: string }>(
      'SELECT count(*)::text AS total, count(DISTINCT event_id)::text AS distinct FROM effects',
    );
    return { total: Number(row?.total), distinct: Number(row?.distinct) };
  }

  it('applies each event once, and changes nothing when the group re-reads a partition it already handled', async () => {
    await kit.appendPayments(20, 10);
    const relay = new OutboxRelay({ store: kit.store, lockConnection: kit.database.config, publisher, contracts: kit.contracts, relayId: 'consumer-test' });
    relay.start();
    cleanups.push(() => relay.stop());

    const groupId = `debtors-${randomUUID()}`;
    const first = consumer(groupId, recordEffect);
    await first.start();
    await eventually(async () => expect(await effectCounts()).toEqual({ total: 200, distinct: 200 }), 60_000);
    await first.stop();

    // As if the offsets had never been committed: the whole topic is redelivered.
    const admin = kit.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: kit.topic, earliest: true });
    await admin.disconnect();

    const metrics = new MessagingMetrics();
    const second = consumer(groupId, recordEffect, metrics);
    await second.start();
    await eventually(async () => {
      const duplicates = (await metrics.handled.get()).values.find((v) => v.labels['outcome'] === 'duplicate')?.value;
      expect(duplicates).toBe(200);
    }, 60_000);
    expect(await effectCounts()).toEqual({ total: 200, distinct: 200 });
  });

  it('dead-letters a poison message and a message whose handler keeps failing, and the partition keeps flowing', async () => {
    await database.exec('TRUNCATE effects');
    const dlq = await collectTopic(kit.kafka, dlqTopicFor(kit.topic));
    cleanups.push(dlq.stop);
    const groupId = `debtors-${randomUUID()}`;
    const key = `debt-${randomUUID()}`;
    const envelope = (seq: number) => ({
      eventId: randomUUID(),
      type: 'PaymentRecorded',
      schemaVersion: 1,
      tenantId: 'tenant-a',
      streamId: key,
      streamVersion: seq,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    });
    const failing = envelope(2);
    // all on one key, so on one partition, in this order
    await publisher.publish([
      { topic: kit.topic, key, value: '{"debtId": "x", "amount": -5, "seq": 1}', headers: envelopeToHeaders(envelope(1)) }, // breaks the contract
      { topic: kit.topic, key, value: JSON.stringify({ debtId: key, amount: 10, seq: 2 }), headers: envelopeToHeaders(failing) },
      { topic: kit.topic, key, value: 'not json', headers: envelopeToHeaders(envelope(3)) },
      { topic: kit.topic, key, value: JSON.stringify({ debtId: key, amount: 10, seq: 4 }), headers: envelopeToHeaders(envelope(4)) },
    ]);

    let attemptsOnFailing = 0;
    const handled: number[] = [];
    await consumer(groupId, async (event, transaction) => {
      if (event.streamId !== key) return; // earlier tests' events
      if (event.eventId === failing.eventId) {
        attemptsOnFailing += 1;
        throw new Error('downstream refused');
      }
      handled.push((event.payload as { seq: number }).seq);
      await recordEffect(event, transaction);
    }).start();

    await eventually(() => expect(handled).toEqual([4]), 60_000);
    expect(attemptsOnFailing).toBe(3);
    await eventually(() => expect(dlq.messages.filter((m) => m.key === key)).toHaveLength(3), 30_000);
    const dead = dlq.messages.filter((m) => m.key === key);
    expect(dead.map((m) => m.headers['dlq-error-type'])).toEqual(['PoisonMessageError', 'Error', 'PoisonMessageError']);
    expect(dead[0]!.headers['dlq-error']).toMatch(/amount/);
    expect(dead[1]!.headers).toMatchObject({
      'dlq-error': 'downstream refused',
      'dlq-original-topic': kit.topic,
      'dlq-consumer-group': groupId,
      'dlq-attempts': '3',
      [HEADER.eventId]: failing.eventId,
    });
    expect(Number(dead[1]!.headers['dlq-original-offset'])).toBeGreaterThanOrEqual(0);
    // the handler saw message 4 before its transaction committed: wait for the commit
    await eventually(async () => expect(await effectCounts()).toEqual({ total: 1, distinct: 1 }), 10_000);
  });
});
