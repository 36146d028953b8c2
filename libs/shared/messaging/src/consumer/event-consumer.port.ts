import type { StoreTransaction } from '@collections/shared-event-store';
import type { IntegrationEvent } from '../envelope';

/**
 * What a service's consumer implements: apply one integration event, writing through
 * the given transaction. The inbox row commits in that same transaction, so a
 * redelivered event never applies twice. Throwing rolls both back; the event is
 * retried, then dead-lettered.
 */
export type IntegrationEventHandler = (event: IntegrationEvent, transaction: StoreTransaction) => Promise<void>;

/** A running consumer, over Kafka or over the embedded transport. */
export interface EventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}
