import { loadAggregate } from '@collections/shared-event-store';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { chargeStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { chargeAggregate } from '../../shared/payments-writer';
import { chargeViewOf, type ChargeView } from '../charge.view';

/** The charge from its stream: terms, status, what was paid on it. */
export class GetChargeHandler {
  constructor(private readonly deps: Pick<PaymentsDeps, 'store'>) {}

  async execute(ctx: RequestContext, chargeId: string): Promise<Outcome<ChargeView>> {
    const loaded = await loadAggregate(this.deps.store, chargeAggregate.decider, chargeAggregate.codec, chargeStream(chargeId), { tenantId: ctx.principal.tenantId });
    const view = chargeViewOf(loaded.state, loaded.version);
    return view ? done(view) : notFound(`charge ${chargeId} is not known`);
  }
}
