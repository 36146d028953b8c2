import { loadAggregate, type EventStore } from '@collections/shared-event-store';
import { policyInForce, type NegotiationPolicy, type PolicyState } from '@collections/negotiation-domain';
import { policyAggregate } from '../shared/negotiation-writer';
import { policyStream } from '../shared/ids';

/** The policy in force, with its version (offers record it) and when it was published. */
export interface PolicyView {
  readonly version: number;
  readonly publishedAt: string;
  readonly policy: Omit<NegotiationPolicy, 'tenantId' | 'version'>;
}

export function policyViewOf(state: PolicyState): PolicyView | undefined {
  const policy = policyInForce(state);
  if (!policy || !('publishedAt' in state)) return undefined;
  const { tenantId: _tenant, version, ...rest } = policy;
  return { version, publishedAt: state.publishedAt, policy: rest };
}

/** The tenant's policy in force now, folded from its stream (undefined before the first publication). */
export async function readPolicy(store: EventStore, tenantId: string): Promise<NegotiationPolicy | undefined> {
  const { state } = await loadAggregate(store, policyAggregate.decider, policyAggregate.codec, policyStream(tenantId), { tenantId });
  return policyInForce(state);
}
