import { done, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { refusalOf } from '../../shared/refusals';
import { reversePayment } from '../payment-intake';
import { paymentViewOf, type PaymentView } from '../payment.view';
import type { ReversePaymentRequest } from './reverse-payment.request';

/**
 * A reversal (devolução) or chargeback: PaymentReversed lists exactly what the payment had
 * paid on each debt and the credit it had made, so the debtors context can reopen each debt
 * from the reversal's date; the charge is open again.
 */
export class ReversePaymentHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  execute(ctx: RequestContext, request: ReversePaymentRequest): Promise<Outcome<PaymentView>> {
    return this.deps.idempotency.run(ctx, { type: 'ReversePayment', target: request.paymentId, request }, async () => {
      try {
        const metadata = { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}), ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) };
        const { state } = await reversePayment(this.deps, ctx.principal.tenantId, request, ctx.principal.subject, metadata);
        return done(paymentViewOf(state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
