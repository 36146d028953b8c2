import { done, type RequestContext } from '@collections/shared-service-kit';
import type { OfferCommand } from '@collections/negotiation-domain';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { metadataOf, offerAggregate, refusalOf } from '../../shared/negotiation-writer';
import { offerStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { scheduleOffer } from '../../deadlines/negotiation-deadlines';
import { offerViewOf, type OfferView } from '../offer.view';
import type { DecideOfferRequest } from './decide-offer.request';

/** A supervisor's decision on an offer made beyond the agent's limit: approved (open to accept) or rejected. */
export class DecideOfferHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, request: DecideOfferRequest): Promise<Outcome<OfferView>> {
    const type = request.decision === 'approve' ? 'ApproveOffer' : 'RejectOffer';
    return this.deps.idempotency.run(ctx, { type, target: request.offerId, request }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      const base = { offerId: request.offerId, approverRole: 'supervisor' as const, now: this.deps.clock.now().toISOString(), actor: ctx.principal.subject };
      const command: OfferCommand = request.decision === 'approve' ? { ...base, type: 'ApproveOffer' } : { ...base, type: 'RejectOffer', reason: request.reason };
      try {
        const state = await this.deps.store.transaction(async (tx) => {
          const written = await this.deps.writer.apply(offerAggregate, offerStream(request.offerId), command, {
            tenantId,
            transaction: tx,
            metadata: metadataOf(ctx),
            nextEventId: () => attempt.ids.next(),
          });
          await scheduleOffer(tx, tenantId, request.offerId, written.state);
          return written.state;
        });
        return done(offerViewOf(state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
