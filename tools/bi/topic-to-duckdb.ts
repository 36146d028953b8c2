import { randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Kafka } from 'kafkajs';

export interface TopicToDuckDbOptions {
  readonly kafka: Kafka;
  /** e.g. collections.debtors.events.v1 (see docs/asyncapi.json for every topic and message). */
  readonly topic: string;
  /** A DuckDB database file (created if absent); the table `events` is replaced. */
  readonly file: string;
  readonly timeoutMs?: number;
}

const header = (headers: Record<string, unknown> | undefined, name: string): string | null => {
  const value = headers?.[name];
  return value === undefined || value === null ? null : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
};

/**
 * A BI recipe: reads a topic from its beginning up to its end as of now (a throwaway
 * consumer group that commits nothing), and writes every message into a DuckDB table
 * `events` (the envelope from the Kafka headers, the payload as JSON text). Then query it:
 * `SELECT type, count(*) FROM events GROUP BY type`, or `json_extract` the payload.
 * Resolves to the number of messages written.
 */
export async function topicToDuckDb(options: TopicToDuckDbOptions): Promise<number> {
  const admin = options.kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(options.topic)) if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const instance = await DuckDBInstance.create(options.file);
  const connection = await instance.connect();
  const consumer = options.kafka.consumer({ groupId: `bi-recipe-${randomUUID()}` });
  try {
    await connection.run(`CREATE OR REPLACE TABLE events (topic VARCHAR, "partition" INTEGER, "offset" BIGINT, event_id VARCHAR, type VARCHAR, schema_version INTEGER, tenant_id VARCHAR, stream_id VARCHAR, occurred_at TIMESTAMPTZ, payload VARCHAR)`);
    const appender = await connection.createAppender('events');
    let written = 0;
    if (ends.size > 0) {
      await consumer.connect();
      await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.topic}: not read to its end within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = ends.get(partition);
              if (end === undefined || BigInt(message.offset) >= end) return;
              const h = message.headers as Record<string, unknown> | undefined;
              const values = [options.topic, String(partition), message.offset, header(h, 'event-id'), header(h, 'event-type'), header(h, 'schema-version'), header(h, 'tenant-id'), header(h, 'stream-id'), header(h, 'occurred-at'), message.value?.toString('utf8') ?? null];
              for (const value of values) {
                if (value === null) appender.appendNull();
                else appender.appendVarchar(value);
              }
              appender.endRow();
              written += 1;
              if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
              if (ends.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    }
    appender.closeSync();
    return written;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    connection.closeSync();
    instance.closeSync();
  }
}
