import { done, refused, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { agreementAggregate, metadataOf, refusalOf } from '../../shared/negotiation-writer';
import { agreementStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { scheduleAgreement } from '../../deadlines/negotiation-deadlines';
import { readAgreement, type AgreementView } from '../agreement.view';
import type { CancelAgreementRequest } from './cancel-agreement.request';

/** Cancels an active agreement (AgreementEnded cancelled: the debt leaves agreement, payments cancels its open charges). */
export class CancelAgreementHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, request: CancelAgreementRequest): Promise<Outcome<AgreementView>> {
    return this.deps.idempotency.run(ctx, { type: 'CancelAgreement', target: request.agreementId, request }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      try {
        await this.deps.store.transaction(async (tx) => {
          const written = await this.deps.writer.apply(
            agreementAggregate,
            agreementStream(request.agreementId),
            { type: 'CancelAgreement', agreementId: request.agreementId, cancelledBy: request.cancelledBy, reason: request.reason, now: this.deps.clock.now().toISOString(), actor: ctx.principal.subject },
            { tenantId, transaction: tx, metadata: metadataOf(ctx), nextEventId: () => attempt.ids.next() },
          );
          await scheduleAgreement(tx, tenantId, request.agreementId, written.state);
        });
      } catch (error) {
        return refusalOf(error);
      }
      const view = await readAgreement(this.deps.store, this.deps.store.driver, tenantId, request.agreementId);
      return view ? done(view) : refused('AGREEMENT_NOT_ENTERED', `agreement ${request.agreementId} not found`);
    });
  }
}
