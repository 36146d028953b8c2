import { TenantId, assertNever, parseIsoInstant, parseText, validateAll, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { parseNegotiationPolicy, type NegotiationPolicy } from './negotiation-policy';

// A tenant's negotiation policy is one stream (`negotiationpolicy-<tenantId>`): each
// publication is a new version, numbered by the decider; offers record the version they
// were computed under, so a later policy never rewrites an offer already made.

export interface PublishPolicy {
  readonly type: 'PublishPolicy';
  readonly tenantId: string;
  /** The policy as the tenant sent it (untrusted JSON, without tenant or version). */
  readonly policy: unknown;
  readonly now: string;
  readonly actor: string;
}

export type PolicyCommand = PublishPolicy;

export interface NegotiationPolicyPublished {
  readonly type: 'NegotiationPolicyPublished';
  readonly data: { readonly policy: NegotiationPolicy; readonly publishedAt: IsoInstant; readonly publishedBy: string };
}

export type PolicyEvent = NegotiationPolicyPublished;

export type PolicyState = { readonly version: 0 } | { readonly version: number; readonly policy: NegotiationPolicy; readonly publishedAt: IsoInstant };

export const initialPolicyState = (): PolicyState => ({ version: 0 });

/** The policy in force, or undefined before the first publication. */
export const policyInForce = (state: PolicyState): NegotiationPolicy | undefined => ('policy' in state ? state.policy : undefined);

function decidePolicy(command: PolicyCommand, state: PolicyState): PolicyEvent[] {
  switch (command.type) {
    case 'PublishPolicy': {
      const { now, actor, tenantId } = validateAll({
        now: () => parseIsoInstant(command.now, 'now'),
        actor: () => parseText(command.actor, 'actor', { max: 200 }),
        tenantId: () => TenantId.parse(command.tenantId),
      });
      const raw = typeof command.policy === 'object' && command.policy !== null && !Array.isArray(command.policy) ? command.policy : {};
      // the version and the tenant are the stream's, never the caller's
      const policy = parseNegotiationPolicy({ ...raw, tenantId, version: state.version + 1 });
      return [{ type: 'NegotiationPolicyPublished', data: { policy, publishedAt: now, publishedBy: actor } }];
    }
    default:
      return assertNever(command.type, 'policy command');
  }
}

function evolvePolicy(_state: PolicyState, event: PolicyEvent): PolicyState {
  switch (event.type) {
    case 'NegotiationPolicyPublished':
      return { version: event.data.policy.version, policy: event.data.policy, publishedAt: event.data.publishedAt };
    default:
      return assertNever(event.type, 'policy event');
  }
}

export const policyDecider: Decider<PolicyState, PolicyCommand, PolicyEvent> = {
  decide: decidePolicy,
  evolve: evolvePolicy,
  initialState: initialPolicyState,
};
