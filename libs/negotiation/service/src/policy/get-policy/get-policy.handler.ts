import { loadAggregate } from '@collections/shared-event-store';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { policyAggregate } from '../../shared/negotiation-writer';
import { policyStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { policyViewOf, type PolicyView } from '../policy.view';

/** The tenant's policy in force. */
export class GetPolicyHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>): Promise<Outcome<PolicyView>> {
    const tenantId = ctx.principal.tenantId;
    const { state } = await loadAggregate(this.deps.store, policyAggregate.decider, policyAggregate.codec, policyStream(tenantId), { tenantId });
    const view = policyViewOf(state);
    return view ? done(view) : notFound('no negotiation policy was published for this tenant');
  }
}
