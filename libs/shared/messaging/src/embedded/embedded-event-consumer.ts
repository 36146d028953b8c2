import type { EventStore, Subscription } from '@collections/shared-event-store';
import type { ContractRegistry } from '@collections/shared-contracts';
import { toIntegrationEvents } from '../integration-events';
import { withConsumerSpan } from '../tracing';
import type { EventConsumer, IntegrationEventHandler } from '../consumer/event-consumer.port';
import { recordInInbox } from '../consumer/inbox';

export interface EmbeddedEventConsumerOptions {
  readonly store: EventStore;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly contracts: ContractRegistry;
  readonly handle: IntegrationEventHandler;
  readonly pollIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The single-process transport: the same handler contract as the Kafka consumer, fed
 * by a transactional event-store subscription instead of a topic. The integration
 * events are built and validated by the code the relay uses; the inbox row, the
 * handler's effect and the subscription checkpoint commit in one transaction.
 * Requires the service's tables to live in the event store's database (they do in
 * embedded mode: one PGlite).
 */
export class EmbeddedEventConsumer implements EventConsumer {
  private subscription: Subscription | undefined;

  constructor(private readonly options: EmbeddedEventConsumerOptions) {}

  async start(): Promise<void> {
    const topics = new Set(this.options.topics);
    this.subscription = this.options.store.subscribe({
      subscriptionId: `consumer:${this.options.groupId}`,
      transactional: true,
      pollIntervalMs: this.options.pollIntervalMs ?? 50,
      ...(this.options.onError ? { onError: this.options.onError } : {}),
      handle: async (events, { transaction }) => {
        for (const recorded of events) {
          for (const { topic, integrationEvent } of toIntegrationEvents(recorded, this.options.contracts)) {
            if (!topics.has(topic)) continue;
            await withConsumerSpan(`${integrationEvent.type} process`, integrationEvent, { 'messaging.system': 'embedded', 'messaging.destination.name': topic }, async () => {
              if (await recordInInbox(transaction!, this.options.groupId, integrationEvent.eventId, integrationEvent.type, `embedded/${recorded.globalPosition}`)) {
                await this.options.handle(integrationEvent, transaction!);
              }
            });
          }
        }
      },
    });
    await this.subscription.caughtUp;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
