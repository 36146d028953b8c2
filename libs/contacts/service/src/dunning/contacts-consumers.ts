import { startContextConsumers, type ConsumerTransport, type ContextConsumers } from '@collections/shared-messaging';
import { priorNoticeReaction } from '../prior-notices/prior-notices';
import { debtorsEventReactions, type DebtorsEventsDeps } from './debtors-events.consumer';

export const CONTACTS_CONSUMER_GROUP = 'contacts';

export type ContactsConsumerTransport = ConsumerTransport;
export type ContactsConsumers = ContextConsumers;

/**
 * The contacts context's reactions to the debtors context (and to the legal context's
 * requests for a prior notice), over Kafka (consumer group `contacts`) or the embedded transport, with the same
 * handlers (`startContextConsumers`: the inbox row and the effect in one transaction).
 */
export function startContactsConsumers(deps: DebtorsEventsDeps, transport: ContactsConsumerTransport): Promise<ContactsConsumers> {
  return startContextConsumers({ context: CONTACTS_CONSUMER_GROUP, store: deps.store, reactions: [...debtorsEventReactions(deps), priorNoticeReaction()], transport, log: deps.log });
}
