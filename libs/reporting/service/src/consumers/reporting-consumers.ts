import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { startContextConsumers, topicFor, type ConsumerTransport, type ContextConsumers, type IntegrationEvent } from '@collections/shared-messaging';
import { deriveWithAggregates } from '../read-model/reporting.aggregates';
import { DERIVE_FACTS_SQL } from '../read-model/reporting.migrations';
import { REPORTED_CONTRACTS } from './reported-contexts';

export const REPORTING_CONSUMER_GROUP = 'reporting';

export type ReportingConsumerTransport = ConsumerTransport;
export type ReportingConsumers = ContextConsumers;

/**
 * Keeps one integration event: its raw copy in `rep_events`, the facts derived from it and
 * the aggregates of its debt moved by them (`deriveWithAggregates`), in the transaction that records it in the inbox (a redelivery changes nothing).
 */
export async function recordReportedEvent(event: IntegrationEvent, transaction: Pick<StoreTransaction, 'query'>): Promise<void> {
  const contract = REPORTED_CONTRACTS.find((c) => c.type === event.type && c.schemaVersion === event.schemaVersion);
  const rows = await transaction.query<{ seq: string }>(
    `INSERT INTO rep_events (tenant_id, event_id, type, schema_version, topic, stream_id, occurred_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
    [event.tenantId, event.eventId, event.type, event.schemaVersion, contract ? topicFor(contract.context) : '', event.streamId, event.occurredAt, JSON.stringify(event.payload)],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) return;
  await deriveWithAggregates(transaction, event, seq, async () => {
    await transaction.query(DERIVE_FACTS_SQL, [seq, seq, null]);
  });
}

/**
 * The reporting context's consumers of every reported context's events, over Kafka
 * (consumer group `reporting`) or the embedded transport (a subscription to the shared
 * log), with the same handler for every contract.
 */
export function startReportingConsumers(deps: { readonly store: SqlEventStore; readonly log: (line: string) => void }, transport: ReportingConsumerTransport): Promise<ReportingConsumers> {
  const reactions = REPORTED_CONTRACTS.map((contract) => ({ contract, handle: recordReportedEvent }));
  return startContextConsumers({ context: REPORTING_CONSUMER_GROUP, store: deps.store, reactions, transport, log: deps.log });
}
