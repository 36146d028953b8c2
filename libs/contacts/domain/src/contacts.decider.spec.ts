import { ValidationError, fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ContactsRuleViolation } from './contacts-rule-code';
import type { CloseContacts, OpenContacts } from './contacts.commands';
import { contactsDecider } from './contacts.decider';
import type { ContactsClosed, ContactsOpened } from './contacts.events';

const spec = DeciderSpecification.for(contactsDecider);
const ID = '0192f6a0-0000-7000-8000-0000000000a1';
const ACTOR = 'user-integrator@tenant-a';
const OPENED_AT = '2026-03-02T12:00:00.000Z';
const CLOSED_AT = '2026-03-05T09:30:00.000Z';

const open: OpenContacts = { type: 'OpenContacts', contactsId: ID, title: 'First', now: OPENED_AT, actor: ACTOR };
const close: CloseContacts = { type: 'CloseContacts', contactsId: ID, reason: 'done', now: CLOSED_AT, actor: ACTOR };
const opened: ContactsOpened = { type: 'ContactsOpened', data: { contactsId: ID, title: 'First', openedAt: OPENED_AT, openedBy: ACTOR } };
const closed: ContactsClosed = { type: 'ContactsClosed', data: { contactsId: ID, reason: 'done', closedAt: CLOSED_AT, closedBy: ACTOR } };

describe('Contacts decider', () => {
  it('opens a Contacts never opened, with its title trimmed', () => {
    spec.given([]).when({ ...open, title: '  First  ' }).then([opened]);
  });

  it('refuses a blank title', () => {
    spec.given([]).when({ ...open, title: '   ' }).thenThrows(ValidationError);
  });

  it('refuses to open the same Contacts twice', () => {
    expect(spec.given([opened]).when(open).thenThrows(ContactsRuleViolation).code).toBe('CONTACTS_ALREADY_OPENED');
  });

  it('closes an open Contacts', () => {
    spec.given([opened]).when(close).then([closed]);
    expect(fold(contactsDecider, [opened, closed])).toEqual({ status: 'closed', contactsId: ID, title: 'First', openedAt: OPENED_AT, closedAt: CLOSED_AT, reason: 'done' });
  });

  it('refuses to close a Contacts never opened', () => {
    expect(spec.given([]).when(close).thenThrows(ContactsRuleViolation).code).toBe('CONTACTS_NOT_OPENED');
  });

  it('refuses to close it twice', () => {
    expect(spec.given([opened, closed]).when(close).thenThrows(ContactsRuleViolation).code).toBe('CONTACTS_ALREADY_CLOSED');
  });
});
