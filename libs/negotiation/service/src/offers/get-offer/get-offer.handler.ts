import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import type { Outcome } from '../../shared/outcome';
import { readOffer, type OfferView } from '../offer.view';

/** An offer folded from its stream: its status, terms, and the agreement it became. */
export class GetOfferHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, offerId: string): Promise<Outcome<OfferView>> {
    const view = await readOffer(this.deps.store, ctx.principal.tenantId, offerId);
    return view ? done(view) : notFound(`offer ${offerId} not found`);
  }
}
