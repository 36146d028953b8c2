import { knownContactsId, type ContactsId } from '../../shared/ids';

/** A Contacts by its id (a path parameter in REST, a field over gRPC). */
export interface GetContactsRequest {
  readonly contactsId: ContactsId;
}

export function parseGetContactsRequest(contactsId: string): GetContactsRequest {
  return { contactsId: knownContactsId(contactsId) };
}
