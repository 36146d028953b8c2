import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';

declare const contactsIdBrand: unique symbol;

/** A Contacts's id: a UUID, lower case, checked at the edge (the request) once. */
export type ContactsId = string & { readonly [contactsIdBrand]: true };

/** Its stream; the category (before the first dash) is `contacts`. */
export const contactsStream = (contactsId: ContactsId): string => `contacts-${contactsId}`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function knownContactsId(value: string, field = 'contactsId'): ContactsId {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase() as ContactsId;
}

/** A new id from the attempt's id generator (a UUIDv7 derived from the idempotency key), branded. */
export const newContactsId = (next: () => string): ContactsId => next() as ContactsId;
