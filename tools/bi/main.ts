/**
 * `npm run bi:topic-to-duckdb -- <topic> <file.duckdb>`: every message of a topic, from its
 * beginning to its end as of now, into the DuckDB table `events` (KAFKA_BROKERS as for the
 * services, default 127.0.0.1:9092). Example:
 *   npm run bi:topic-to-duckdb -- collections.debtors.events.v1 tmp/debtors.duckdb
 *   then, in DuckDB: SELECT type, count(*) FROM events GROUP BY type;
 */
import { Kafka } from 'kafkajs';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { topicToDuckDb } from './topic-to-duckdb';

async function main(): Promise<void> {
  const [topic, file] = process.argv.slice(2).filter((a) => a !== '--');
  if (!topic || !file) throw new Error('usage: npm run bi:topic-to-duckdb -- <topic> <file.duckdb>');
  const written = await topicToDuckDb({ kafka: new Kafka(kafkaConfigFromEnv('bi-topic-to-duckdb')), topic, file });
  process.stdout.write(`${written} messages of ${topic} written to the table events of ${file}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
