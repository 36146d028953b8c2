import { assertNever, fold } from '@collections/shared-kernel';
import { contactsDecider, type ContactsState } from '@collections/contacts-domain';
import type { ContactsDeps } from '../shared/contacts-deps';
import { contactsEventCodec } from '../shared/contacts-writer';
import { contactsStream, type ContactsId } from '../shared/ids';

/** A Contacts as both transports answer it. */
export interface ContactsView {
  readonly contactsId: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly version: number;
}

/** The view of a state folded from the stream at `version`; none before it was opened. */
export function contactsViewOf(state: ContactsState, version: number): ContactsView | undefined {
  switch (state.status) {
    case 'none':
      return undefined;
    case 'open':
      return { contactsId: state.contactsId, title: state.title, status: 'open', openedAt: state.openedAt, version };
    case 'closed':
      return { contactsId: state.contactsId, title: state.title, status: 'closed', openedAt: state.openedAt, closedAt: state.closedAt, version };
    default:
      return assertNever(state, 'contacts state');
  }
}

/** A Contacts folded from its stream (this tenant's only): always consistent with the caller's own writes. */
export async function readContacts(deps: Pick<ContactsDeps, 'store'>, tenantId: string, contactsId: ContactsId): Promise<ContactsView | undefined> {
  const { events, currentVersion } = await deps.store.readStream(contactsStream(contactsId), { tenantId });
  const decoded = await Promise.all(events.map((event) => contactsEventCodec.decode(event)));
  return contactsViewOf(fold(contactsDecider, decoded), currentVersion);
}

/** The proto message of a view: proto3 has no absent string, so "" while open. */
export const contactsOut = (view: ContactsView) => ({ ...view, closedAt: view.closedAt ?? '' });
