import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { ContactsEvent } from '@collections/contacts-domain';
import { CONTACTS_INTEGRATION_EVENTS, contactsOpenedContractV1, contactsOpenedV1 } from './contacts.integration-events';

const registry = new ContractRegistry(CONTACTS_INTEGRATION_EVENTS);
const ID = '0192f6a0-0000-7000-8000-0000000000a1';

describe('contacts integration events v1', () => {
  // Payloads exactly as v1 consumers may hold them: they must keep parsing.
  it('a stored v1 ContactsOpened payload still parses', () => {
    const payload = { contactsId: ID, openedAt: '2026-03-02T12:00:00.000Z' };
    expect(registry.validate('ContactsOpened', 1, payload)).toEqual(payload);
  });

  it('refuses a payload without its id', () => {
    expect(() => registry.validate('ContactsOpened', 1, { openedAt: '2026-03-02T12:00:00.000Z' })).toThrow(/contactsId/);
  });

  it('publishes no title (it may hold personal data)', () => {
    const opened = { type: 'ContactsOpened', data: { contactsId: ID, title: 'Ana Costa', openedAt: '2026-03-02T12:00:00.000Z', openedBy: 'u' }, streamId: `contacts-${ID}`, tenantId: 'tenant-a' } as const;
    expect(contactsOpenedContractV1.toPayload(opened)).toEqual({ contactsId: ID, openedAt: '2026-03-02T12:00:00.000Z' });
  });

  // Does not compile if the mapping could read a field the domain event lacks:
  // `npm run typecheck` fails on an unused @ts-expect-error.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const contract = integrationEventContracts<ContactsEvent>('contacts');
    const wrongField = () =>
      contract({
        type: 'ContactsOpened',
        schemaVersion: 99,
        schema: contactsOpenedV1,
        sourceEventType: 'ContactsOpened',
        // @ts-expect-error ContactsOpened has openedAt, not createdAt
        toPayload: ({ data }) => ({ contactsId: data.contactsId, openedAt: data.createdAt }),
      });
    expect(typeof wrongField).toBe('function');
  });
});
