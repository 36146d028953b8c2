import { done, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { refusalOf } from '../../shared/refusals';
import { chargeViewOf, type ChargeView } from '../charge.view';
import type { CancelChargeRequest } from './cancel-charge.request';
import { cancelChargeNow } from './charge-cancelling';

/** Cancels an open charge by hand (a paid one is refused; a cancelled one stays so). */
export class CancelChargeHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  execute(ctx: RequestContext, request: CancelChargeRequest): Promise<Outcome<ChargeView>> {
    return this.deps.idempotency.run(ctx, { type: 'CancelCharge', target: request.chargeId, request }, async (attempt) => {
      try {
        const { state, version } = await cancelChargeNow(this.deps, ctx.principal.tenantId, request.chargeId, 'requested', {
          actor: ctx.principal.subject,
          metadata: { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}), ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) },
          nextEventId: () => attempt.ids.next(),
        });
        return done(chargeViewOf(state, version)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
