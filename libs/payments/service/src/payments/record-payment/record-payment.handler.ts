import { loadAggregate } from '@collections/shared-event-store';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { chargeStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { chargeAggregate } from '../../shared/payments-writer';
import { refusalOf } from '../../shared/refusals';
import { receivePayment } from '../payment-intake';
import { paymentViewOf, type PaymentView } from '../payment.view';
import type { RecordPaymentRequest } from './record-payment.request';

/** A TED or a payment recorded by hand by the integrator: allocated to its charge, or parked. */
export class RecordPaymentHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  execute(ctx: RequestContext, request: RecordPaymentRequest): Promise<Outcome<PaymentView>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'RecordPayment', target: request.paymentId, request }, async () => {
      try {
        if (request.chargeId) {
          const charge = await loadAggregate(this.deps.store, chargeAggregate.decider, chargeAggregate.codec, chargeStream(request.chargeId), { tenantId });
          if (charge.state.status === 'none') return notFound(`charge ${request.chargeId} is not known`);
        }
        const metadata = { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}), ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) };
        const { state } = await receivePayment(this.deps, tenantId, { ...request }, ctx.principal.subject, metadata);
        return done(paymentViewOf(state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
