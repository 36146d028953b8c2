import { done, type RequestContext } from '@collections/shared-service-kit';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { metadataOf, policyAggregate, refusalOf } from '../../shared/negotiation-writer';
import { policyStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { policyViewOf, type PolicyView } from '../policy.view';
import type { PublishPolicyRequest } from './publish-policy.request';

/** Replaces the tenant's policy with a new version; offers already made keep theirs. */
export class PublishPolicyHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, request: PublishPolicyRequest): Promise<Outcome<PolicyView>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'PublishPolicy', target: tenantId, request }, async (attempt) => {
      const command = { type: 'PublishPolicy', tenantId, policy: request, now: this.deps.clock.now().toISOString(), actor: ctx.principal.subject } as const;
      try {
        const written = await this.deps.writer.apply(policyAggregate, policyStream(tenantId), command, { tenantId, metadata: metadataOf(ctx), nextEventId: () => attempt.ids.next() });
        return done(policyViewOf(written.state)!);
      } catch (error) {
        return refusalOf(error);
      }
    });
  }
}
