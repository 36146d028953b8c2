import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { newContactsId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { contactsViewOf, type ContactsView } from '../contacts.view';
import type { OpenContactsRequest } from './open-contacts.request';

export class OpenContactsHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: OpenContactsRequest): Promise<Outcome<ContactsView>> {
    return this.deps.idempotency.run(ctx, { type: 'OpenContacts', target: '', request }, async (attempt) => {
      // minted from the attempt's ids: a retry of the same key and request opens the same one
      const contactsId = newContactsId(() => attempt.ids.next());
      const now = this.deps.clock.now().toISOString();
      const written = await this.deps.writer.write(attempt, contactsId, { type: 'OpenContacts', contactsId, title: request.title, now, actor: ctx.principal.subject });
      if (written.kind !== 'done') return written;
      const view = contactsViewOf(written.value.state, written.value.nextExpectedVersion);
      return view ? done(view) : notFound(`contacts ${contactsId} not found`);
    });
  }
}
