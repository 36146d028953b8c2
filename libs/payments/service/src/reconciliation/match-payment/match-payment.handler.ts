import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { refusalOf } from '../../shared/refusals';
import { matchPayment } from '../../payments/payment-intake';
import { paymentViewOf, type PaymentView } from '../../payments/payment.view';
import type { MatchPaymentRequest } from './match-payment.request';

/** A clerk matches a parked payment to a charge: PaymentMatched, then its allocation as for any payment. */
export class MatchPaymentHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  execute(ctx: RequestContext, request: MatchPaymentRequest): Promise<Outcome<PaymentView>> {
    return this.deps.idempotency.run(ctx, { type: 'MatchPayment', target: request.paymentId, request }, async () => {
      try {
        const metadata = { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}) };
        const matched = await matchPayment(this.deps, ctx.principal.tenantId, request.paymentId, request.chargeId, ctx.principal.subject, metadata);
        if (!matched) return notFound(`payment ${request.paymentId} or charge ${request.chargeId} is not known`);
        return done(paymentViewOf(matched.state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
