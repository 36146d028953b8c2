import type { Kafka } from 'kafkajs';
import {
  ContractRegistry,
  EmbeddedEventConsumer,
  KafkaEventConsumer,
  KafkaPublisher,
  provisionTopics,
  topicFor,
  type EventConsumer,
  type IntegrationEventHandler,
} from '@collections/shared-messaging';
import { negotiationEventReactions, type NegotiationEventsDeps } from './negotiation-events.consumer';

export const PAYMENTS_CONSUMER_GROUP = 'payments';

export type PaymentsConsumerTransport =
  | {
      readonly mode: 'kafka';
      readonly kafka: Kafka;
      /** Default `payments`. */
      readonly groupId?: string;
      readonly partitions?: number;
      readonly maxAttempts?: number;
      readonly retryBackoffMs?: number;
    }
  | { readonly mode: 'embedded'; readonly pollIntervalMs?: number };

export interface PaymentsConsumers {
  stop(): Promise<void>;
}

/**
 * The payments context's reactions to the negotiation context, over Kafka (consumer group
 * `payments`) or over the embedded transport (a subscription to the shared log), with the
 * same handlers; the inbox row and the effect commit in one transaction.
 */
export async function startPaymentsConsumers(deps: NegotiationEventsDeps, transport: PaymentsConsumerTransport): Promise<PaymentsConsumers> {
  const reactions = negotiationEventReactions(deps);
  const contracts = new ContractRegistry(reactions.map((r) => r.contract));
  const topics = [...new Set(reactions.map((r) => topicFor(r.contract.context)))];
  const byKey = new Map(reactions.map(({ contract, handle }) => [`${contract.type}@${contract.schemaVersion}`, handle]));
  const handle: IntegrationEventHandler = async (event, transaction) => {
    const reaction = byKey.get(`${event.type}@${event.schemaVersion}`);
    if (!reaction) throw new Error(`payments has no handler for ${event.type} v${event.schemaVersion}`);
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
        groupId: transport.groupId ?? PAYMENTS_CONSUMER_GROUP,
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
        groupId: PAYMENTS_CONSUMER_GROUP,
        topics,
        contracts,
        handle,
        onError: (error) => deps.log(`payments consumer (embedded) failed, retrying: ${(error as Error).message}`),
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
