import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { dunningStream, type DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { dunningAggregate } from '../../dunning/dunning-scheduler';
import { contactTimelineOf, type ContactTimelineView } from '../contact-timeline.view';

export class GetContactTimelineHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }, debtId: DebtId): Promise<Outcome<ContactTimelineView>> {
    // read by tenant: another tenant's debt reads as no debt at all
    const { events, currentVersion } = await this.deps.store.readStream(dunningStream(debtId), { tenantId: ctx.principal.tenantId });
    const view = contactTimelineOf(debtId, await Promise.all(events.map((e) => dunningAggregate.codec.decode(e))), currentVersion);
    return view ? done(view) : notFound(`debt ${debtId} is not known to the contacts service`);
  }
}
