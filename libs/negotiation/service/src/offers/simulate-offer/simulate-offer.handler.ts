import { fold } from '@collections/shared-kernel';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { offerDecider, NegotiationRuleViolation } from '@collections/negotiation-domain';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { refusalOf } from '../../shared/negotiation-writer';
import type { Outcome } from '../../shared/outcome';
import type { OfferRequestOf } from '../offer-request';
import { offerViewOf, type OfferView } from '../offer.view';
import { prepareOffer } from '../offer-preparation';

/**
 * An offer computed exactly as making it would (the same decider, the same balance as of
 * today, the same policy), without writing anything: agents and the self-service page
 * try plans before one is made.
 */
export class SimulateOfferHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: OfferRequestOf): Promise<Outcome<OfferView>> {
    const prepared = await prepareOffer(this.deps, ctx, request);
    if (prepared.kind !== 'ready') return prepared;
    try {
      const events = offerDecider.decide({ ...prepared.command, offerId: this.deps.ids.next() }, offerDecider.initialState());
      const view = offerViewOf(fold(offerDecider, events))!;
      return done({ ...view, offerId: null, status: 'simulated', approvalRequired: view.status === 'awaiting_approval' });
    } catch (error) {
      if (error instanceof NegotiationRuleViolation) return refusalOf(error);
      throw error;
    }
  }
}
