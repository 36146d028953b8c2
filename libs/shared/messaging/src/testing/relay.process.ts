/**
 * A relay in its own process, for the kill tests. Env: TEST_DB (pg ClientConfig as
 * JSON), KAFKA_BROKERS, TEST_CONTEXT, RELAY_ID, RELAY_BATCH_SIZE.
 * Reports {"leader": true} when it takes the lock and {"published": n} per batch.
 */
import { Kafka, logLevel } from 'kafkajs';
import { openPostgresEventStore } from '@collections/shared-event-store';
import { ContractRegistry } from '@collections/shared-contracts';
import { kafkaConfigFromEnv } from '../kafka/kafka-config';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { OutboxRelay } from '../relay/outbox-relay';
import { report } from './child-process';
import { paymentContract } from './messaging-test-kit';

async function main(): Promise<void> {
  const db = JSON.parse(process.env['TEST_DB'] ?? '{}');
  const store = await openPostgresEventStore({ ...db, max: 2 }, { migrate: false });
  const kafka = new Kafka({ ...kafkaConfigFromEnv('relay-process'), logLevel: logLevel.NOTHING });
  const publisher = KafkaPublisher.create(kafka);
  let wasLeader = false;
  const relay = new OutboxRelay({
    store,
    lockConnection: db,
    publisher,
    contracts: new ContractRegistry([paymentContract(process.env['TEST_CONTEXT'] ?? 'missing')]),
    relayId: process.env['RELAY_ID'] ?? 'relay-process',
    batchSize: Number(process.env['RELAY_BATCH_SIZE'] ?? 500),
    takeoverIntervalMs: 200,
    onBatch: () => report({ published: relay.published }),
  });
  relay.start();
  setInterval(() => {
    if (relay.isLeader && !wasLeader) report({ leader: true, pid: process.pid });
    wasLeader = relay.isLeader;
  }, 20);
  process.on('SIGTERM', () => {
    void relay.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
