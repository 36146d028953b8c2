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
