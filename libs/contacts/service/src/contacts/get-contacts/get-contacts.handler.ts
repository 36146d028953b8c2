import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { readContacts, type ContactsView } from '../contacts.view';
import type { GetContactsRequest } from './get-contacts.request';

/** Another tenant's Contacts is not found, exactly as an unknown id. */
export class GetContactsHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: GetContactsRequest): Promise<Outcome<ContactsView>> {
    const view = await readContacts(this.deps, ctx.principal.tenantId, request.contactsId);
    return view ? done(view) : notFound(`contacts ${request.contactsId} not found`);
  }
}
