import type { IntegrationEventContract } from '@collections/shared-contracts';
import { CONTACTS_INTEGRATION_EVENTS } from '@collections/contacts-contracts';
import { DEBTORS_INTEGRATION_EVENTS } from '@collections/debtors-contracts';
import { LEGAL_INTEGRATION_EVENTS } from '@collections/legal-contracts';
import { NEGOTIATION_INTEGRATION_EVENTS } from '@collections/negotiation-contracts';
import { PAYMENTS_INTEGRATION_EVENTS } from '@collections/payments-contracts';

/**
 * Every context whose published events the reporting service keeps, with its contracts.
 * A new context is one line here (and its `api:<context>` tag in the lint rule): the
 * consumers, the raw export and the AsyncAPI catalogue all read this list.
 */
export const REPORTED_CONTEXTS: readonly { readonly context: string; readonly contracts: readonly IntegrationEventContract[] }[] = [
  { context: 'debtors', contracts: DEBTORS_INTEGRATION_EVENTS },
  { context: 'contacts', contracts: CONTACTS_INTEGRATION_EVENTS },
  { context: 'negotiation', contracts: NEGOTIATION_INTEGRATION_EVENTS },
  { context: 'payments', contracts: PAYMENTS_INTEGRATION_EVENTS },
  { context: 'legal', contracts: LEGAL_INTEGRATION_EVENTS },
];

export const REPORTED_CONTRACTS: readonly IntegrationEventContract[] = REPORTED_CONTEXTS.flatMap((c) => c.contracts);
