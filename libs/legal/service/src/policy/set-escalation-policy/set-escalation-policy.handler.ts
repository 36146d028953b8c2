import { done, type RequestContext } from '@collections/shared-service-kit';
import type { LegalDeps } from '../../shared/legal-deps';
import { policyStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { policyAggregate, readPolicy } from '../../escalations/escalation-stream';
import type { EscalationPolicyView } from '../policy.view';
import type { SetEscalationPolicyRequest } from './set-escalation-policy.request';

/** Sets the caller's tenant's policy: a new version when the terms change, the current one when they do not. */
export class SetEscalationPolicyHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, request: SetEscalationPolicyRequest): Promise<Outcome<EscalationPolicyView>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'SetEscalationPolicy', target: tenantId, request }, async (attempt) => {
      const now = this.deps.clock.now().toISOString();
      const written = await this.deps.writer.write(attempt, policyAggregate, policyStream(tenantId), { type: 'SetEscalationPolicy', terms: request, now, actor: ctx.principal.subject });
      if (written.kind !== 'done') return written;
      if (written.value.state.status === 'set') return done(written.value.state.policy);
      const policy = await readPolicy(this.deps.store, tenantId);
      if (!policy) throw new Error('the policy just written cannot be read back');
      return done(policy);
    });
  }
}
