import { startContextConsumers, type ConsumerTransport, type ContextConsumers } from '@collections/shared-messaging';
import { legalReactions, type LegalReactionsDeps } from './legal-reactions';

export const LEGAL_CONSUMER_GROUP = 'legal';

export type LegalConsumerTransport = ConsumerTransport;
export type LegalConsumers = ContextConsumers;

/**
 * The legal context's reactions to the debtors context (debt facts) and the contacts
 * context (the notice's proof), over Kafka (consumer group `legal`) or the embedded transport, with the same
 * handlers (`startContextConsumers`: the inbox row and the effect in one transaction).
 */
export function startLegalConsumers(deps: LegalReactionsDeps, transport: LegalConsumerTransport): Promise<LegalConsumers> {
  return startContextConsumers({ context: LEGAL_CONSUMER_GROUP, store: deps.store, reactions: legalReactions(deps), transport, log: deps.log });
}
