import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { dunningStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { dunningAggregate } from '../../dunning/dunning-scheduler';
import { contactTimelineOf, type ContactTimelineView } from '../../timeline/contact-timeline.view';
import type { PlaceHoldRequest } from './place-hold.request';

/**
 * Pauses a debt's cadence (deceased, bankruptcy, or by hand): no step is sent while a
 * hold remains; releasing it resumes where the cadence left off. A deceased or
 * bankruptcy hold is one per debt (placing it again changes nothing).
 */
export class PlaceHoldHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: PlaceHoldRequest): Promise<Outcome<ContactTimelineView>> {
    return this.deps.idempotency.run(ctx, { type: 'PlaceHold', target: request.debtId, request }, async (attempt) => {
      const holdId = request.kind === 'manual' ? `manual-${attempt.ids.next()}` : request.kind;
      const now = this.deps.clock.now().toISOString();
      const command = { type: 'PlaceHold', debtId: request.debtId, holdId, kind: request.kind, reason: request.reason, now, actor: ctx.principal.subject } as const;
      const written = await this.deps.writer.write(attempt, dunningAggregate, dunningStream(request.debtId), command);
      if (written.kind !== 'done') return written;
      const { events } = await this.deps.store.readStream(dunningStream(request.debtId), { tenantId: ctx.principal.tenantId });
      const view = contactTimelineOf(request.debtId, await Promise.all(events.map((e) => dunningAggregate.codec.decode(e))), written.value.nextExpectedVersion);
      return view ? done(view) : notFound(`debt ${request.debtId} is not known to the contacts service`);
    });
  }
}
