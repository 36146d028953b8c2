import { assertNever, parseText, parseUuid, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { ContactsRuleViolation } from './contacts-rule-code';
import type { CloseContacts, OpenContacts, ContactsCommand } from './contacts.commands';
import type { ContactsEvent } from './contacts.events';

export type ContactsState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly contactsId: string; readonly title: string; readonly openedAt: IsoInstant }
  | {
      readonly status: 'closed';
      readonly contactsId: string;
      readonly title: string;
      readonly openedAt: IsoInstant;
      readonly closedAt: IsoInstant;
      readonly reason: string;
    };

function decide(command: ContactsCommand, state: ContactsState): readonly ContactsEvent[] {
  switch (command.type) {
    case 'OpenContacts':
      return open(command, state);
    case 'CloseContacts':
      return close(command, state);
    default:
      return assertNever(command, 'contacts command');
  }
}

function open(command: OpenContacts, state: ContactsState): readonly ContactsEvent[] {
  if (state.status !== 'none') throw new ContactsRuleViolation('CONTACTS_ALREADY_OPENED', `contacts ${command.contactsId} is already opened`);
  const contactsId = parseUuid(command.contactsId, 'contactsId');
  const title = parseText(command.title, 'title', { max: 200 });
  return [{ type: 'ContactsOpened', data: { contactsId, title, openedAt: command.now, openedBy: command.actor } }];
}

function close(command: CloseContacts, state: ContactsState): readonly ContactsEvent[] {
  switch (state.status) {
    case 'none':
      throw new ContactsRuleViolation('CONTACTS_NOT_OPENED', `contacts ${command.contactsId} was never opened`);
    case 'closed':
      throw new ContactsRuleViolation('CONTACTS_ALREADY_CLOSED', `contacts ${state.contactsId} is already closed`);
    case 'open': {
      const reason = parseText(command.reason, 'reason', { max: 500 });
      return [{ type: 'ContactsClosed', data: { contactsId: state.contactsId, reason, closedAt: command.now, closedBy: command.actor } }];
    }
    default:
      return assertNever(state, 'contacts state');
  }
}

function evolve(state: ContactsState, event: ContactsEvent): ContactsState {
  switch (event.type) {
    case 'ContactsOpened':
      return { status: 'open', contactsId: event.data.contactsId, title: event.data.title, openedAt: event.data.openedAt };
    case 'ContactsClosed':
      // only an open one is ever closed (decide refuses the rest): the history is trusted as it is
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.closedAt, reason: event.data.reason } : state;
    default:
      return assertNever(event, 'contacts event');
  }
}

/** The whole behaviour of a Contacts: pure, tested given/when/then without any infrastructure. */
export const contactsDecider: Decider<ContactsState, ContactsCommand, ContactsEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
