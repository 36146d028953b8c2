import type { Kafka } from 'kafkajs';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import {
  ContractRegistry,
  EmbeddedEventConsumer,
  KafkaEventConsumer,
  KafkaPublisher,
  provisionTopics,
  topicFor,
  type EventConsumer,
  type IntegrationEvent,
  type IntegrationEventHandler,
} from '@collections/shared-messaging';
import { DERIVE_FACTS_SQL } from '../read-model/reporting.migrations';
import { REPORTED_CONTRACTS } from './reported-contexts';

export const REPORTING_CONSUMER_GROUP = 'reporting';

export type ReportingConsumerTransport =
  | {
      readonly mode: 'kafka';
      readonly kafka: Kafka;
      /** Default `reporting`. */
      readonly groupId?: string;
      readonly partitions?: number;
      readonly maxAttempts?: number;
      readonly retryBackoffMs?: number;
    }
  | { readonly mode: 'embedded'; readonly pollIntervalMs?: number };

export interface ReportingConsumers {
  stop(): Promise<void>;
}

/**
 * Keeps one integration event: its raw copy in `rep_events` and the facts derived from it,
 * in the transaction that records it in the inbox (a redelivery changes nothing).
 */
export async function recordReportedEvent(event: IntegrationEvent, transaction: Pick<StoreTransaction, 'query'>): Promise<void> {
  const contract = REPORTED_CONTRACTS.find((c) => c.type === event.type && c.schemaVersion === event.schemaVersion);
  const rows = await transaction.query<{ seq: string }>(
    `INSERT INTO rep_events (tenant_id, event_id, type, schema_version, topic, stream_id, occurred_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
    [event.tenantId, event.eventId, event.type, event.schemaVersion, contract ? topicFor(contract.context) : '', event.streamId, event.occurredAt, JSON.stringify(event.payload)],
  );
  const seq = rows[0]?.seq;
  if (seq !== undefined) await transaction.query(DERIVE_FACTS_SQL, [seq, seq, null]);
}

/**
 * The reporting context's consumers of every reported context's events, over Kafka
 * (consumer group `reporting`) or the embedded transport (a subscription to the shared
 * log), with the same handler.
 */
export async function startReportingConsumers(
  deps: { readonly store: SqlEventStore; readonly log: (line: string) => void },
  transport: ReportingConsumerTransport,
): Promise<ReportingConsumers> {
  const contracts = new ContractRegistry(REPORTED_CONTRACTS);
  const topics = contracts.topics();
  const handle: IntegrationEventHandler = (event, transaction) => recordReportedEvent(event, transaction);
  let consumer: EventConsumer;
  let publisher: KafkaPublisher | undefined;
  switch (transport.mode) {
    case 'kafka': {
      const admin = transport.kafka.admin();
      await admin.connect();
      try {
        await provisionTopics(admin, topics, { partitions: transport.partitions ?? 6 });
      } finally {
        await admin.disconnect();
      }
      publisher = KafkaPublisher.create(transport.kafka);
      consumer = new KafkaEventConsumer({
        kafka: transport.kafka,
        groupId: transport.groupId ?? REPORTING_CONSUMER_GROUP,
        topics,
        contracts,
        database: deps.store.driver,
        handle,
        deadLetters: publisher,
        log: deps.log,
        ignoreUncontractedTypes: true,
        ...(transport.maxAttempts !== undefined ? { maxAttempts: transport.maxAttempts } : {}),
        ...(transport.retryBackoffMs !== undefined ? { retryBackoffMs: transport.retryBackoffMs } : {}),
      });
      break;
    }
    case 'embedded':
      consumer = new EmbeddedEventConsumer({
        store: deps.store,
        groupId: REPORTING_CONSUMER_GROUP,
        topics,
        contracts,
        handle,
        onError: (error) => deps.log(`reporting consumer (embedded) failed, retrying: ${(error as Error).message}`),
        ...(transport.pollIntervalMs !== undefined ? { pollIntervalMs: transport.pollIntervalMs } : {}),
      });
      break;
    default:
      throw new Error(`unknown consumer transport ${JSON.stringify(transport satisfies never)}`);
  }
  try {
    await consumer.start();
  } catch (error) {
    await publisher?.close();
    throw error;
  }
  return {
    async stop() {
      await consumer.stop();
      await publisher?.close();
    },
  };
}
