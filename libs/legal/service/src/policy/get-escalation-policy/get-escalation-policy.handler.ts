import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { readPolicy } from '../../escalations/escalation-stream';
import type { EscalationPolicyView } from '../policy.view';

export class GetEscalationPolicyHandler {
  constructor(private readonly deps: LegalDeps) {}

  async execute(ctx: { readonly principal: Principal }): Promise<Outcome<EscalationPolicyView>> {
    const policy = await readPolicy(this.deps.store, ctx.principal.tenantId);
    return policy ? done(policy) : notFound('this tenant has no escalation policy yet: nothing escalates until one is set');
  }
}
