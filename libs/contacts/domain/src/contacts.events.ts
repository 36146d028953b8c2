import type { IsoInstant } from '@collections/shared-kernel';

// Domain events: facts in the past tense, stored in the contacts streams. What other contexts
// see is the integration events of @collections/contacts-contracts, never these.

export interface ContactsOpened {
  readonly type: 'ContactsOpened';
  readonly data: { readonly contactsId: string; readonly title: string; readonly openedAt: IsoInstant; readonly openedBy: string };
}

export interface ContactsClosed {
  readonly type: 'ContactsClosed';
  readonly data: { readonly contactsId: string; readonly reason: string; readonly closedAt: IsoInstant; readonly closedBy: string };
}

export type ContactsEvent = ContactsOpened | ContactsClosed;
