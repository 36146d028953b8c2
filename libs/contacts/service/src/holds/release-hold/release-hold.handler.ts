import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { dunningStream, type DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { dunningAggregate, setDeadline } from '../../dunning/dunning-scheduler';
import { contactTimelineOf, type ContactTimelineView } from '../../timeline/contact-timeline.view';

export interface ReleaseHoldRequest {
  readonly debtId: DebtId;
  readonly holdId: string;
}

/** Releases a hold; with none left the cadence resumes at its next step (the scheduler looks at once). */
export class ReleaseHoldHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: ReleaseHoldRequest): Promise<Outcome<ContactTimelineView>> {
    return this.deps.idempotency.run(ctx, { type: 'ReleaseHold', target: request.debtId, request }, async (attempt) =>
      this.deps.store.transaction(async (transaction) => {
        const now = this.deps.clock.now().toISOString();
        const command = { type: 'ReleaseHold', debtId: request.debtId, holdId: request.holdId, now, actor: ctx.principal.subject } as const;
        const written = await this.deps.writer.write(attempt, dunningAggregate, dunningStream(request.debtId), command, { transaction });
        if (written.kind !== 'done') return written;
        await setDeadline(transaction, ctx.principal.tenantId, request.debtId, now);
        const { events } = await this.deps.store.readStream(dunningStream(request.debtId), { tenantId: ctx.principal.tenantId, transaction });
        const view = contactTimelineOf(request.debtId, await Promise.all(events.map((e) => dunningAggregate.codec.decode(e))), written.value.nextExpectedVersion);
        return view ? done(view) : notFound(`debt ${request.debtId} is not known to the contacts service`);
      }),
    );
  }
}
