import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { ExpectedVersion, openPostgresEventStore, type NewEvent, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { ContractRegistry, dlqTopicFor, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import { kafkaConfigFromEnv } from '../kafka/kafka-config';
import { provisionTopics } from '../kafka/topic-provisioner';

/** The test contract: payments of a throw-away context, so every test has its own topic. */
export const paymentSchema = z.object({ debtId: z.string().min(1), amount: z.number().int().positive(), seq: z.number().int() });

export function paymentContract(context: string): IntegrationEventContract<typeof paymentSchema> {
  return {
    context,
    type: 'PaymentRecorded',
    schemaVersion: 1,
    schema: paymentSchema,
    sourceEventType: 'PaymentRecorded',
    toPayload: (event) => event.data as z.input<typeof paymentSchema>,
  };
}

export function paymentEvent(debtId: string, seq: number, metadata: Record<string, string> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'PaymentRecorded', data: { debtId, amount: 100 + seq, seq }, metadata };
}

export interface MessagingTestKit {
  readonly database: TestDatabase;
  readonly store: SqlEventStore;
  readonly kafka: Kafka;
  readonly context: string;
  readonly topic: string;
  readonly contracts: ContractRegistry;
  /** Appends `perStream` events to each of `streams` streams, interleaved. */
  appendPayments(streams: number, perStream: number, tenantId?: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `env` names the Kafka to use (KAFKA_BROKERS...; default the process's, i.e. the test broker). */
export async function createMessagingTestKit(label: string, partitions = 6, env: NodeJS.ProcessEnv = process.env): Promise<MessagingTestKit> {
  const database = await createTestDatabase(label);
  const store = await openPostgresEventStore({ ...database.config, max: 6 });
  const kafka = new Kafka({ ...kafkaConfigFromEnv(`test-${label}`, env), logLevel: logLevel.NOTHING });
  const context = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const topic = topicFor(context);
  const contracts = new ContractRegistry([paymentContract(context)]);
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, [topic], { partitions });
  await admin.disconnect();
  return {
    database,
    store,
    kafka,
    context,
    topic,
    contracts,
    async appendPayments(streams, perStream, tenantId = 'tenant-a') {
      const ids = Array.from({ length: streams }, () => `debt-${randomUUID()}`);
      for (let seq = 1; seq <= perStream; seq++) {
        await Promise.all(
          ids.map((id) => store.appendToStream(id, [paymentEvent(id, seq)], { tenantId, expectedVersion: ExpectedVersion.exact(seq - 1) })),
        );
      }
      return ids;
    },
    async close() {
      await store.close();
      await database.drop();
      // test topics keep everything (retention.ms=-1): do not let them pile up on a dev broker
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics: [topic, dlqTopicFor(topic)] }).catch(() => undefined);
      await cleanup.disconnect();
    },
  };
}

export interface CollectedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

/** Reads a topic from the beginning with a fresh group, collecting every message. */
export async function collectTopic(kafka: Kafka, topic: string): Promise<{ messages: CollectedMessage[]; stop: () => Promise<void> }> {
  const messages: CollectedMessage[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `collector-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      messages.push(toCollected(partition, message));
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

function toCollected(partition: number, message: KafkaMessage): CollectedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) headers[k] = first.toString();
  }
  const text = message.value?.toString('utf8') ?? '';
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // poison messages stay text
  }
  return { partition, offset: message.offset, key: message.key?.toString('utf8') ?? '', value, headers };
}
