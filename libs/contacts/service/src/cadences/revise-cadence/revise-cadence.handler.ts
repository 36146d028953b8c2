import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { cadenceStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { cadenceAggregate } from '../../dunning/dunning-scheduler';
import { cadenceViewOf, checkTemplates, type CadenceView } from '../cadence.view';
import type { ReviseCadenceRequest } from './revise-cadence.request';

/**
 * A new version of a cadence. Debts running it continue on the new version from their
 * next step: a step kept under its id is not sent again, a step added before the last
 * one a debt has done is not sent late to it.
 */
export class ReviseCadenceHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: ReviseCadenceRequest): Promise<Outcome<CadenceView>> {
    return this.deps.idempotency.run(ctx, { type: 'ReviseCadence', target: request.cadenceId, request }, async (attempt) =>
      this.deps.store.transaction(async (transaction) => {
        // the cadence first: another tenant's cadence is not found, whatever its steps say
        const { events } = await this.deps.store.readStream(cadenceStream(request.cadenceId), { tenantId: ctx.principal.tenantId, transaction });
        if (events.length === 0) return notFound(`cadence ${request.cadenceId} not found`);
        await checkTemplates(transaction, ctx.principal.tenantId, request.steps);
        const now = this.deps.clock.now().toISOString();
        const command = { type: 'ReviseCadence', cadenceId: request.cadenceId, steps: request.steps, now, actor: ctx.principal.subject } as const;
        const written = await this.deps.writer.write(attempt, cadenceAggregate, cadenceStream(request.cadenceId), command, { transaction });
        if (written.kind !== 'done') return written;
        const view = cadenceViewOf(written.value.state);
        return view ? done(view) : notFound(`cadence ${request.cadenceId} not found`);
      }),
    );
  }
}
