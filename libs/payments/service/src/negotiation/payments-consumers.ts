import { startContextConsumers, type ConsumerTransport, type ContextConsumers } from '@collections/shared-messaging';
import { negotiationEventReactions, type NegotiationEventsDeps } from './negotiation-events.consumer';

export const PAYMENTS_CONSUMER_GROUP = 'payments';

export type PaymentsConsumerTransport = ConsumerTransport;
export type PaymentsConsumers = ContextConsumers;

/**
 * The payments context's reactions to the negotiation context (InstallmentChargeRequested,
 * AgreementEnded), over Kafka (consumer group `payments`) or the embedded transport, with
 * the same handlers (`startContextConsumers`: the inbox row and the effect in one transaction).
 */
export function startPaymentsConsumers(deps: NegotiationEventsDeps, transport: PaymentsConsumerTransport): Promise<PaymentsConsumers> {
  return startContextConsumers({ context: PAYMENTS_CONSUMER_GROUP, store: deps.store, reactions: negotiationEventReactions(deps), transport, log: deps.log });
}
