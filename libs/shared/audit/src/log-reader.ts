import type { StoreTransaction } from '@collections/shared-event-store';
import type { CommitCursor, LeafColumns } from './leaf';

interface LeafRow {
  transaction_id: string;
  position: string;
  tenant_id: string;
  stream_id: string;
  stream_category: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  schema_version: string;
  data: string;
  metadata: string;
  recorded_at_us: string;
}

/**
 * The raw text of every column a leaf covers. The output names shadow the columns in
 * ORDER BY, so the statements below order by the qualified columns (by the text, 10
 * would sort before 9). Only casts to text: no function of the
 * event store's (es_event_hash, es_verify...) is called, so replacing one changes nothing here.
 */
const LEAF_SELECT = `SELECT transaction_id::text AS transaction_id, position::text AS position, tenant_id, stream_id, stream_category,
       stream_version::text AS stream_version, event_id::text AS event_id, event_type, schema_version::text AS schema_version,
       data::text AS data, metadata::text AS metadata,
       (extract(epoch FROM recorded_at) * 1000000)::bigint::text AS recorded_at_us
  FROM es_events`;

function toColumns(row: LeafRow): LeafColumns {
  return {
    transactionId: row.transaction_id,
    position: row.position,
    tenantId: row.tenant_id,
    streamId: row.stream_id,
    streamCategory: row.stream_category,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAtMicros: row.recorded_at_us,
  };
}

/**
 * The next page of the log in commit order after `after`, below the horizon (the oldest
 * transaction still open): the same rule as the event store's readAll, so that what a
 * digest covers can never gain an event before its last cursor later.
 */
export async function readLeavesAfter(db: StoreTransaction, after: CommitCursor, limit: number): Promise<LeafColumns[]> {
  const rows = await db.query<LeafRow>(
    `${LEAF_SELECT}
      WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY es_events.transaction_id, es_events.position
      LIMIT $3`,
    [after.transactionId, after.position, limit],
  );
  return rows.map(toColumns);
}

/** Every row of a stream, whatever tenant it now claims, plus the rows at the given positions (an event moved to another stream id is still found). */
export async function readStreamLeaves(db: StoreTransaction, streamId: string, positions: readonly string[]): Promise<LeafColumns[]> {
  const rows = await db.query<LeafRow>(
    `${LEAF_SELECT}
      WHERE stream_id = $1 OR position = ANY ($2::bigint[])
      ORDER BY es_events.transaction_id, es_events.position`,
    [streamId, positions],
  );
  return rows.map(toColumns);
}
