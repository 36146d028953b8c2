import type { EventStore, StoreTransaction } from '@collections/shared-event-store';
import type { NegotiationPolicy, PolicyEvent } from '@collections/negotiation-domain';
import { policyStream } from '../shared/ids';

/** A version of the tenant's policy as it was published (an accepted offer takes its tolerance from the version it was made under). */
export async function readPolicyVersion(store: EventStore, tenantId: string, version: number, transaction?: StoreTransaction): Promise<NegotiationPolicy | undefined> {
  // in the caller's transaction: with a pool of one connection (embedded mode) another read would wait for it forever
  const { events } = await store.readStream(policyStream(tenantId), { tenantId, ...(transaction ? { transaction } : {}) });
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as PolicyEvent;
    if (event.type === 'NegotiationPolicyPublished' && event.data.policy.version === version) return event.data.policy;
  }
  return undefined;
}
