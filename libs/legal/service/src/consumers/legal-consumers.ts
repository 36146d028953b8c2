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
import { legalReactions, type LegalReactionsDeps } from './legal-reactions';

export const LEGAL_CONSUMER_GROUP = 'legal';

export type LegalConsumerTransport =
  | {
      readonly mode: 'kafka';
      readonly kafka: Kafka;
      /** Default `legal`. */
      readonly groupId?: string;
      readonly partitions?: number;
      readonly maxAttempts?: number;
      readonly retryBackoffMs?: number;
    }
  | { readonly mode: 'embedded'; readonly pollIntervalMs?: number };

export interface LegalConsumers {
  stop(): Promise<void>;
}

/**
 * The legal context's reactions to the debtors context (debt facts) and the contacts context (the notice's proof), over Kafka (consumer group
 * `legal`) or over the embedded transport (a subscription to the shared log), with the
 * same handlers; the inbox row and the effect commit in one transaction.
 */
export async function startLegalConsumers(deps: LegalReactionsDeps, transport: LegalConsumerTransport): Promise<LegalConsumers> {
  const reactions = legalReactions(deps);
  const contracts = new ContractRegistry(reactions.map((r) => r.contract));
  const topics = [...new Set(reactions.map((r) => topicFor(r.contract.context)))];
  const byKey = new Map(reactions.map(({ contract, handle }) => [`${contract.type}@${contract.schemaVersion}`, handle]));
  const handle: IntegrationEventHandler = async (event, transaction) => {
    const reaction = byKey.get(`${event.type}@${event.schemaVersion}`);
    if (!reaction) throw new Error(`legal has no handler for ${event.type} v${event.schemaVersion}`);
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
        groupId: transport.groupId ?? LEGAL_CONSUMER_GROUP,
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
        groupId: LEGAL_CONSUMER_GROUP,
        topics,
        contracts,
        handle,
        onError: (error) => deps.log(`legal consumer (embedded) failed, retrying: ${(error as Error).message}`),
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
