import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import type { Outcome } from '../../shared/outcome';
import { readAgreement, type AgreementView } from '../agreement.view';

/** An agreement: its schedule, what is paid per installment, and the charges' PIX code and boleto line once payments issued them. */
export class GetAgreementHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, agreementId: string): Promise<Outcome<AgreementView>> {
    const view = await readAgreement(this.deps.store, this.deps.store.driver, ctx.principal.tenantId, agreementId);
    return view ? done(view) : notFound(`agreement ${agreementId} not found`);
  }
}
