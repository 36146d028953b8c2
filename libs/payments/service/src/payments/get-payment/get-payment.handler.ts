import { loadAggregate } from '@collections/shared-event-store';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { paymentStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { paymentAggregate } from '../../shared/payments-writer';
import { paymentViewOf, type PaymentView } from '../payment.view';

/** A payment from its stream: where each centavo went. */
export class GetPaymentHandler {
  constructor(private readonly deps: Pick<PaymentsDeps, 'store'>) {}

  async execute(ctx: RequestContext, paymentId: string): Promise<Outcome<PaymentView>> {
    const tenantId = ctx.principal.tenantId;
    const loaded = await loadAggregate(this.deps.store, paymentAggregate.decider, paymentAggregate.codec, paymentStream(tenantId, paymentId), { tenantId });
    const view = paymentViewOf(loaded.state);
    return view ? done(view) : notFound(`payment ${paymentId} is not known`);
  }
}
