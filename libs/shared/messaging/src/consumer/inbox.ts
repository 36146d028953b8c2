import { runMigrations, type Migration, type SqlDriver, type StoreTransaction } from '@collections/shared-event-store';

export const INBOX_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inbox of handled integration events',
    sql: `
CREATE TABLE msg_inbox (
  consumer_group text        NOT NULL,
  event_id       text        NOT NULL,
  event_type     text        NOT NULL,
  source         text        NOT NULL,
  handled_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);`,
  },
];

export function migrateInbox(database: SqlDriver): Promise<number[]> {
  return runMigrations(database, INBOX_MIGRATIONS, 'msg_schema_migrations');
}

/**
 * Records that `consumerGroup` handled `eventId`, in the caller's transaction: the
 * same transaction as the handler's effect. Returns false when it was handled before
 * (a redelivery), in which case the handler must not run.
 */
export async function recordInInbox(
  transaction: StoreTransaction,
  consumerGroup: string,
  eventId: string,
  eventType: string,
  source: string,
): Promise<boolean> {
  const rows = await transaction.query(
    `INSERT INTO msg_inbox (consumer_group, event_id, event_type, source) VALUES ($1, $2, $3, $4)
     ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING 1 AS inserted`,
    [consumerGroup, eventId, eventType, source],
  );
  return rows.length === 1;
}

/**
 * The batch form of recordInInbox: records every id of a batch in one statement and
 * returns the ids seen for the first time (a duplicate inside the batch counts once).
 */
export async function recordManyInInbox(
  transaction: StoreTransaction,
  consumerGroup: string,
  items: readonly { eventId: string; eventType: string; source: string }[],
): Promise<Set<string>> {
  const rows = await transaction.query<{ event_id: string }>(
    `INSERT INTO msg_inbox (consumer_group, event_id, event_type, source)
     SELECT $1, e.event_id, e.event_type, e.source
       FROM jsonb_to_recordset($2::jsonb) AS e(event_id text, event_type text, source text)
     ON CONFLICT (consumer_group, event_id) DO NOTHING
     RETURNING event_id`,
    [consumerGroup, JSON.stringify(items.map((i) => ({ event_id: i.eventId, event_type: i.eventType, source: i.source })))],
  );
  return new Set(rows.map((r) => r.event_id));
}
