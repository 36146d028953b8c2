import type { IsoInstant } from '@collections/shared-kernel';

// Time and the actor arrive inside the command: the decider reads no clock and no session.

/** Opens a Contacts. */
export interface OpenContacts {
  readonly type: 'OpenContacts';
  readonly contactsId: string;
  readonly title: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** Closes an open Contacts, saying why. */
export interface CloseContacts {
  readonly type: 'CloseContacts';
  readonly contactsId: string;
  readonly reason: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type ContactsCommand = OpenContacts | CloseContacts;
