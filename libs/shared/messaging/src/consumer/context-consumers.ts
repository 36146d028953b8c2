import type { Kafka } from 'kafkajs';
import type { SqlEventStore } from '@collections/shared-event-store';
import { ContractRegistry, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import { EmbeddedEventConsumer } from '../embedded/embedded-event-consumer';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { provisionTopics } from '../kafka/topic-provisioner';
import type { EventConsumer, IntegrationEventHandler } from './event-consumer.port';
import { KafkaEventConsumer } from './kafka-event-consumer';

/** One integration event a context reacts to, and how. */
export interface IntegrationEventReaction {
  readonly contract: IntegrationEventContract;
  readonly handle: IntegrationEventHandler;
}

/** Over Kafka (server mode), or over the shared log (embedded mode). */
export type ConsumerTransport =
  | {
      readonly mode: 'kafka';
      readonly kafka: Kafka;
      /** Default: the context's name. */
      readonly groupId?: string;
      readonly partitions?: number;
      readonly maxAttempts?: number;
      readonly retryBackoffMs?: number;
    }
  | { readonly mode: 'embedded'; readonly pollIntervalMs?: number };

export interface ContextConsumers {
  stop(): Promise<void>;
}

/**
 * A context's reactions to other contexts' integration events, over Kafka (consumer group
 * named after the context; the topics of the contracts provisioned first; a message that
 * keeps failing goes to the topic's DLQ) or over the embedded transport (a subscription to
 * the shared log), with the same handlers: the inbox row and the effect commit in one
 * transaction. The handler is picked by the event's type and schema version.
 */
export async function startContextConsumers(options: {
  /** The context's name: the consumer group and the log lines. */
  readonly context: string;
  readonly store: SqlEventStore;
  readonly reactions: readonly IntegrationEventReaction[];
  readonly transport: ConsumerTransport;
  readonly log: (line: string) => void;
}): Promise<ContextConsumers> {
  const { context, store, reactions, transport, log } = options;
  const contracts = new ContractRegistry(reactions.map((r) => r.contract));
  const topics = [...new Set(reactions.map((r) => topicFor(r.contract.context)))];
  const byKey = new Map(reactions.map(({ contract, handle }) => [`${contract.type}@${contract.schemaVersion}`, handle]));
  const handle: IntegrationEventHandler = async (event, transaction) => {
    const reaction = byKey.get(`${event.type}@${event.schemaVersion}`);
    if (!reaction) throw new Error(`${context} has no handler for ${event.type} v${event.schemaVersion}`);
    await reaction(event, transaction);
  };
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
        groupId: transport.groupId ?? context,
        topics,
        contracts,
        database: store.driver,
        handle,
        deadLetters: publisher,
        log,
        ignoreUncontractedTypes: true,
        ...(transport.maxAttempts !== undefined ? { maxAttempts: transport.maxAttempts } : {}),
        ...(transport.retryBackoffMs !== undefined ? { retryBackoffMs: transport.retryBackoffMs } : {}),
      });
      break;
    }
    case 'embedded':
      consumer = new EmbeddedEventConsumer({
        store,
        groupId: context,
        topics,
        contracts,
        handle,
        onError: (error) => log(`${context} consumer (embedded) failed, retrying: ${(error as Error).message}`),
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
