import { done, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { metadataOf, offerAggregate, refusalOf } from '../../shared/negotiation-writer';
import { offerStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { scheduleOffer } from '../../deadlines/negotiation-deadlines';
import type { OfferRequestOf } from '../offer-request';
import { offerViewOf, type OfferView } from '../offer.view';
import { prepareOffer } from '../offer-preparation';

/**
 * Makes an offer on a debt: computed from its balance today under the policy in force
 * (the offer records that version), open until its validity ends; beyond the agent's
 * limit it waits for a supervisor. The validity's deadline is written with it.
 */
export class MakeOfferHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, request: OfferRequestOf): Promise<Outcome<OfferView>> {
    return this.deps.idempotency.run(ctx, { type: 'MakeOffer', target: request.debtId, request }, async (attempt) => {
      const prepared = await prepareOffer(this.deps, ctx, request);
      if (prepared.kind !== 'ready') return prepared;
      const tenantId = ctx.principal.tenantId;
      const offerId = attempt.ids.next();
      try {
        const state = await this.deps.store.transaction(async (tx) => {
          const written = await this.deps.writer.apply(offerAggregate, offerStream(offerId), { ...prepared.command, offerId }, {
            tenantId,
            transaction: tx,
            metadata: metadataOf(ctx),
            nextEventId: () => attempt.ids.next(),
          });
          await scheduleOffer(tx, tenantId, offerId, written.state);
          return written.state;
        });
        return done(offerViewOf(state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
