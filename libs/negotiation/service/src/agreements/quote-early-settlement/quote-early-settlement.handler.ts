import { ValidationError } from '@collections/shared-kernel';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { addDays, type EarlySettlementQuoted } from '@collections/negotiation-domain';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { agreementAggregate, metadataOf, refusalOf } from '../../shared/negotiation-writer';
import { agreementStream } from '../../shared/ids';
import { businessDate } from '../../shared/business-date';
import type { Outcome } from '../../shared/outcome';
import type { QuoteEarlySettlementRequest } from './quote-early-settlement.request';

/** A quote stays valid at most this long: interest taken off for months not run is not a standing promise. */
const MAX_QUOTE_DAYS = 30;

/**
 * Quotes paying the rest of an agreement at once, today: what is due in full, what is not
 * yet due brought back at the agreement's rate (CDC art. 52 §2). A payment of at least the
 * quote within its validity fulfils the agreement.
 */
export class QuoteEarlySettlementHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, request: QuoteEarlySettlementRequest): Promise<Outcome<EarlySettlementQuoted['data']>> {
    const asOf = businessDate(this.deps.clock);
    if (request.validUntil !== undefined && (request.validUntil < asOf || request.validUntil > addDays(asOf, MAX_QUOTE_DAYS))) {
      throw ValidationError.of('validUntil', `must lie between today (${asOf}) and ${MAX_QUOTE_DAYS} days after it`);
    }
    return this.deps.idempotency.run(ctx, { type: 'QuoteEarlySettlement', target: request.agreementId, request }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      try {
        const written = await this.deps.writer.apply(
          agreementAggregate,
          agreementStream(request.agreementId),
          {
            type: 'QuoteEarlySettlement',
            agreementId: request.agreementId,
            asOf,
            ...(request.validUntil ? { validUntil: request.validUntil } : {}),
            now: this.deps.clock.now().toISOString(),
            actor: ctx.principal.subject,
          },
          { tenantId, metadata: metadataOf(ctx), nextEventId: () => attempt.ids.next() },
        );
        const quoted = written.events.find((e) => e.type === 'EarlySettlementQuoted');
        if (quoted?.type !== 'EarlySettlementQuoted') throw new Error('a quote was asked and none was recorded');
        return done(quoted.data);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
