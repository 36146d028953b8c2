import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { eventually } from '@collections/shared-testing';
import { dlqTopicFor } from '@collections/shared-contracts';
import { HEADER } from '../envelope';
import { OutboxRelay } from '../relay/outbox-relay';
import { collectTopic, createMessagingTestKit, type MessagingTestKit } from '../testing/messaging-test-kit';
import { kafkaConfigFromEnv } from './kafka-config';
import { KafkaPublisher } from './kafka-publisher';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../../../..');
const SCRIPT = path.join(ROOT, 'infra/kafka/kafka.sh');
const NODES = '3';
// A cluster of its own, beside the one KAFKA_CLUSTER=3 gives the other tests: the
// brokers this file kills must not be the ones other test files are using.
const CLUSTER_ENV = {
  KAFKA_CLUSTER_PORT: '19292',
  KAFKA_CLUSTER_CONTROLLER_PORT: '19392',
  KAFKA_CLUSTER_DIR: path.join(process.env['KAFKA_CACHE_DIR'] ?? path.join(ROOT, '.cache/kafka'), 'cluster-faults'),
};

/** kafka.sh on this file's cluster; resolves with its stdout, rejects with its output if it fails. */
async function kafkaSh(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args, '--cluster', NODES], { timeout: 150_000, env: { ...process.env, ...CLUSTER_ENV } });
  return stdout;
}

async function clusterRunning(): Promise<boolean> {
  return kafkaSh('status').then(
    () => true,
    () => false,
  );
}

/**
 * The 3-node KRaft cluster of infra/kafka/kafka.sh (`start --cluster 3`), for real:
 * replicated topics keep taking the relay's acks=all writes and serving reads while a
 * broker is SIGKILLed, and nothing written is lost once it is back. The cluster
 * (127.0.0.1:19292-19294, data in .cache/kafka/cluster-faults) is started here, about
 * 15 s, and stopped afterwards (unless it was already running).
 */
describe('the local 3-broker Kafka cluster', () => {
  let startedHere = false;
  let brokers: string;
  let admin: Admin;

  beforeAll(async () => {
    if (!(await clusterRunning())) {
      startedHere = true;
      await kafkaSh('start');
    }
    brokers = (await kafkaSh('brokers')).trim();
    const kafka = new Kafka({ ...kafkaConfigFromEnv('three-broker-cluster-test', { KAFKA_BROKERS: brokers }), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.disconnect();
    if (startedHere) await kafkaSh('stop');
  }, 60_000);

  async function replication(topic: string): Promise<{ replicas: number[]; isr: number[]; leaders: number[]; minIsr: string | undefined }> {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = [...topics[0]!.partitions].sort((a, b) => a.partitionId - b.partitionId);
    const config = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    });
    return {
      replicas: partitions.map((p) => p.replicas.length),
      isr: partitions.map((p) => p.isr.length),
      leaders: partitions.map((p) => p.leader),
      minIsr: config.resources[0]?.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue,
    };
  }

  it("provisions the platform's topics with 3 replicas and min.insync.replicas=2", async () => {
    for (const topic of ['collections.debtors.events.v1', 'collections.payments.events.v1.dlq', 'collections.audit.digests.v1']) {
      const r = await replication(topic);
      expect(r.replicas.length).toBeGreaterThan(0);
      expect(r.replicas.every((n) => n === 3)).toBe(true);
      expect(r.minIsr).toBe('2');
    }
  });

  it("keeps the relay's acks=all publishing and the consumers going while a broker is killed, and loses nothing when it comes back", async () => {
    // The application's own provisioning (createMessagingTestKit -> provisionTopics): the
    // replication factor and min ISR are the cluster's defaults.
    const kit: MessagingTestKit = await createMessagingTestKit('cluster', 6, { KAFKA_BROKERS: brokers });
    const before = await replication(kit.topic);
    expect(before.replicas).toEqual([3, 3, 3, 3, 3, 3]);
    expect(before.isr).toEqual([3, 3, 3, 3, 3, 3]);
    expect(before.minIsr).toBe('2');
    expect((await replication(dlqTopicFor(kit.topic))).replicas).toEqual([3, 3, 3, 3, 3, 3]);

    const relayLog: string[] = [];
    const publisher = KafkaPublisher.create(kit.kafka); // idempotent producer, acks=-1 (all in-sync replicas)
    const relay = new OutboxRelay({ store: kit.store, lockConnection: kit.database.config, publisher, contracts: kit.contracts, log: (line) => relayLog.push(line) });
    const collector = await collectTopic(kit.kafka, kit.topic); // a consumer group reading throughout
    const restarts: number[] = [];
    let appended = 0;
    const append = async (streams: number, perStream: number) => {
      await kit.appendPayments(streams, perStream);
      appended += streams * perStream;
    };
    const distinctOnTopic = () => new Set(collector.messages.map((m) => m.headers[HEADER.eventId])).size;
    /** Names the step in a failure (a KafkaJS error alone does not say which call gave up). */
    const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        throw new Error(`${name} (relay: ${relayLog.slice(-3).join(' | ') || 'no failure'}): ${(error as Error).message}`, { cause: error });
      }
    };
    try {
      relay.start();
      await append(20, 10);
      await step('before any fault', () => eventually(() => expect(distinctOnTopic()).toBe(appended), 30_000, 100));

      // The leader of partition 0 dies like a crashed machine: its partitions need new leaders.
      const victim = before.leaders[0]!;
      await kafkaSh('kill-node', String(victim));
      restarts.push(victim);
      await append(20, 10);
      const down = await step('new leaders, the ISR without the dead broker', () =>
        eventually(
          async () => {
            const r = await replication(kit.topic);
            expect(r.isr).toEqual([2, 2, 2, 2, 2, 2]);
            expect(r.leaders).not.toContain(victim);
            return r;
          },
          30_000,
          250,
        ),
      );
      expect(down.leaders.every((l) => l >= 1 && l <= 3)).toBe(true);
      await step('publishing and consuming with a broker down', () => eventually(() => expect(distinctOnTopic()).toBe(appended), 60_000, 100));

      await kafkaSh('start-node', String(victim));
      restarts.splice(0);
      // Back in every partition's in-sync set once it has caught up.
      await step('the restarted broker back in sync', () => eventually(async () => expect((await replication(kit.topic)).isr).toEqual([3, 3, 3, 3, 3, 3]), 60_000, 500));
      await append(20, 10);
      await step('publishing and consuming once it is back', () => eventually(() => expect(distinctOnTopic()).toBe(appended), 30_000, 100));
      expect(appended).toBe(600);

      // The restarted broker holds its copies: with another broker down, a fresh group
      // still reads all 600 from the beginning.
      const other = [1, 2, 3].find((n) => n !== victim)!;
      await kafkaSh('kill-node', String(other));
      restarts.push(other);
      const reread = await collectTopic(kit.kafka, kit.topic);
      try {
        await step('reading everything again with another broker down', () =>
          eventually(() => expect(new Set(reread.messages.map((m) => m.headers[HEADER.eventId])).size).toBe(600), 60_000, 100),
        );
      } finally {
        await reread.stop();
      }
    } finally {
      await relay.stop();
      await publisher.close().catch(() => undefined);
      await collector.stop().catch(() => undefined);
      // a failure must not leave a broker down for the next test
      for (const node of restarts) await kafkaSh('start-node', String(node));
      await kit.close();
    }
  });
});
