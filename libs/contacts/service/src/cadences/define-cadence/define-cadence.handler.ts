import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { cadenceStream, newCadenceId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { cadenceAggregate } from '../../dunning/dunning-scheduler';
import { cadenceViewOf, checkTemplates, type CadenceView } from '../cadence.view';
import type { DefineCadenceRequest } from './define-cadence.request';

/**
 * Defines a cadence and makes it its segment's: debts registered from now on run it
 * (a debt already running another cadence keeps that one).
 */
export class DefineCadenceHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: DefineCadenceRequest): Promise<Outcome<CadenceView>> {
    return this.deps.idempotency.run(ctx, { type: 'DefineCadence', target: '', request }, async (attempt) => {
      const cadenceId = newCadenceId(() => attempt.ids.next());
      const tenantId = ctx.principal.tenantId;
      return this.deps.store.transaction(async (transaction) => {
        await checkTemplates(transaction, tenantId, request.steps);
        const now = this.deps.clock.now().toISOString();
        const command = { type: 'DefineCadence', cadenceId, name: request.name, segment: request.segment, steps: request.steps, now, actor: ctx.principal.subject } as const;
        const written = await this.deps.writer.write(attempt, cadenceAggregate, cadenceStream(cadenceId), command, { transaction });
        if (written.kind !== 'done') return written;
        await transaction.query(
          'INSERT INTO contacts_segment_cadences (tenant_id, segment, cadence_id) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, segment) DO UPDATE SET cadence_id = EXCLUDED.cadence_id',
          [tenantId, request.segment, cadenceId],
        );
        const view = cadenceViewOf(written.value.state);
        return view ? done(view) : notFound(`cadence ${cadenceId} not found`);
      });
    });
  }
}
