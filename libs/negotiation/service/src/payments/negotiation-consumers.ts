import { startContextConsumers, type ConsumerTransport, type ContextConsumers } from '@collections/shared-messaging';
import { paymentsEventReactions, type PaymentsEventsDeps } from './payments-events.consumer';

export const NEGOTIATION_CONSUMER_GROUP = 'negotiation';

export type NegotiationConsumerTransport = ConsumerTransport;
export type NegotiationConsumers = ContextConsumers;

/**
 * The negotiation context's reactions to the payments context (ChargeIssued,
 * PaymentReceived), over Kafka (consumer group `negotiation`) or the embedded transport, with the same
 * handlers (`startContextConsumers`: the inbox row and the effect in one transaction).
 */
export function startNegotiationConsumers(deps: PaymentsEventsDeps, transport: NegotiationConsumerTransport): Promise<NegotiationConsumers> {
  return startContextConsumers({ context: NEGOTIATION_CONSUMER_GROUP, store: deps.store, reactions: paymentsEventReactions(deps), transport, log: deps.log });
}
