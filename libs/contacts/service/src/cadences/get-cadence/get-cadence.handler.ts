import { fold } from '@collections/shared-kernel';
import { cadenceDecider } from '@collections/contacts-domain';
import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { cadenceStream, type CadenceId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { cadenceAggregate } from '../../dunning/dunning-scheduler';
import { cadenceViewOf, type CadenceView } from '../cadence.view';

export class GetCadenceHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }, cadenceId: CadenceId): Promise<Outcome<CadenceView>> {
    // read by tenant: another tenant's cadence reads as none
    const { events } = await this.deps.store.readStream(cadenceStream(cadenceId), { tenantId: ctx.principal.tenantId });
    const view = cadenceViewOf(fold(cadenceDecider, await Promise.all(events.map((e) => cadenceAggregate.codec.decode(e)))));
    return view ? done(view) : notFound(`cadence ${cadenceId} not found`);
  }
}
