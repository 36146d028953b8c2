import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { ContactsEvent } from '@collections/contacts-domain';

/**
 * What the contacts context publishes: versioned integration events, separate from its
 * domain events. Ids and facts only (the title stays in the service). A breaking change
 * is a new schemaVersion published beside the old one, never an edit of these.
 */
export const contactsOpenedV1 = z.object({ contactsId: z.uuid(), openedAt: z.string() });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails `tsc` here, not the relay at run time.
const contract = integrationEventContracts<ContactsEvent>('contacts');

export const contactsOpenedContractV1 = contract({
  type: 'ContactsOpened',
  schemaVersion: 1,
  schema: contactsOpenedV1,
  sourceEventType: 'ContactsOpened',
  toPayload: ({ data }) => ({ contactsId: data.contactsId, openedAt: data.openedAt }),
});

export const CONTACTS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [contactsOpenedContractV1];
