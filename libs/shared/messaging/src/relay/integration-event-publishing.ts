import type { Kafka } from 'kafkajs';
import { ContractRegistry, type IntegrationEventContract } from '@collections/shared-contracts';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { provisionTopics } from '../kafka/topic-provisioner';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

export interface IntegrationEventPublishingOptions extends Pick<OutboxRelayOptions, 'store' | 'lockConnection' | 'log' | 'stallAlertAfterMs'> {
  readonly kafka: Kafka;
  /** What the service publishes: its topics are created (with their partitions) when missing. */
  readonly contracts: readonly IntegrationEventContract[];
  readonly partitions?: number;
  /** false: topics only; another instance (or a relay process) publishes. */
  readonly relay: boolean;
  /** Names the relay's checkpoint and lock: one active relay per service. */
  readonly relayId: string;
}

export interface IntegrationEventPublishing {
  readonly relay: OutboxRelay | undefined;
  stop(): Promise<void>;
}

/**
 * A service's publishing side in server mode, the same for every service: its topics
 * provisioned, and (unless another instance does it) the outbox relay started on its
 * event store, publishing each public event to Kafka.
 */
export async function startIntegrationEventPublishing(options: IntegrationEventPublishingOptions): Promise<IntegrationEventPublishing> {
  const contracts = new ContractRegistry(options.contracts);
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, contracts.topics(), { partitions: options.partitions ?? 6 });
  } finally {
    await admin.disconnect();
  }
  if (!options.relay) return { relay: undefined, stop: async () => undefined };
  const publisher = KafkaPublisher.create(options.kafka);
  const relay = new OutboxRelay({
    store: options.store,
    lockConnection: options.lockConnection,
    publisher,
    contracts,
    relayId: options.relayId,
    ...(options.log ? { log: options.log } : {}),
    ...(options.stallAlertAfterMs !== undefined ? { stallAlertAfterMs: options.stallAlertAfterMs } : {}),
  });
  relay.start();
  return {
    relay,
    async stop() {
      await relay.stop();
      await publisher.close();
    },
  };
}
