import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes, Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { eventually } from '@collections/shared-testing';
import { kafkaConfigFromEnv } from './kafka-config';
import { KafkaPublisher, type OutboundMessage } from './kafka-publisher';
import { provisionTopics } from './topic-provisioner';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../../../../../infra/kafka/kafka.sh');
const NODES = '3';

/** kafka.sh in cluster mode; resolves with its stdout, rejects with its output if it fails. */
async function kafkaSh(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args, '--cluster', NODES], { timeout: 150_000, env: process.env });
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
 * replicated topics keep taking acks=all writes and serving reads while a broker is
 * SIGKILLed, and nothing written is lost once it is back. The cluster is started here
 * (about 15 s) unless it already runs (KAFKA_CLUSTER=3 makes the Jest setup start it),
 * and stopped afterwards only if this file started it.
 */
describe('the local 3-broker Kafka cluster', () => {
  let startedHere = false;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    if (!(await clusterRunning())) {
      startedHere = true;
      await kafkaSh('start');
    }
    const brokers = (await kafkaSh('brokers')).trim();
    kafka = new Kafka({ ...kafkaConfigFromEnv('three-broker-cluster-test', { KAFKA_BROKERS: brokers }), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.disconnect();
    if (startedHere) await kafkaSh('stop');
  }, 60_000);

  async function replication(topic: string): Promise<{ replicas: number[]; isr: number[]; leaders: number[]; minIsr: string | undefined }> {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = topics[0]!.partitions;
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
      expect(r.replicas.every((n) => n === 3)).toBe(true);
      expect(r.minIsr).toBe('2');
    }
  });

  it('keeps publishing with acks=all and consuming while a broker is killed, and loses nothing when it comes back', async () => {
    const topic = `cluster-failover-${randomUUID()}`;
    // The application's own provisioning: replication factor and min ISR are the cluster's defaults.
    await provisionTopics(admin, [topic], { partitions: 6, deadLetterTopics: false });
    const before = await replication(topic);
    expect(before.replicas).toEqual([3, 3, 3, 3, 3, 3]);
    expect(before.isr).toEqual([3, 3, 3, 3, 3, 3]);
    expect(before.minIsr).toBe('2');

    const received = new Map<string, number>();
    const consumer: Consumer = kafka.consumer({ groupId: `cluster-failover-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const publisher = KafkaPublisher.create(kafka);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const id = message.value?.toString() ?? '';
          received.set(id, (received.get(id) ?? 0) + 1);
        },
      });

      const sent: string[] = [];
      const publish = async (phase: string, count: number): Promise<void> => {
        for (let i = 0; i < count; i += 50) {
          const batch: OutboundMessage[] = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
            const value = `${phase}-${i + j}`;
            return { topic, key: `stream-${(i + j) % 37}`, value, headers: {} };
          });
          await publisher.publish(batch); // idempotent producer, acks=-1 (all in-sync replicas)
          sent.push(...batch.map((m) => m.value));
        }
      };
      const allReceived = () => expect(sent.filter((v) => !received.has(v))).toEqual([]);

      await publish('before', 300);
      await eventually(allReceived, 30_000, 100);

      // The leader of partition 0 dies like a crashed machine: its partitions need new leaders.
      const victim = before.leaders[0]!;
      await kafkaSh('kill-node', String(victim));
      await publish('broker-down', 300);
      const down = await eventually(
        async () => {
          const r = await replication(topic);
          expect(r.isr).toEqual([2, 2, 2, 2, 2, 2]);
          expect(r.leaders).not.toContain(victim);
          return r;
        },
        30_000,
        250,
      );
      expect(down.leaders.every((l) => l >= 1 && l <= 3)).toBe(true);
      await eventually(allReceived, 60_000, 100);

      await kafkaSh('start-node', String(victim));
      // Back in every partition's in-sync set once it has caught up.
      await eventually(async () => expect((await replication(topic)).isr).toEqual([3, 3, 3, 3, 3, 3]), 60_000, 500);
      await publish('broker-back', 300);
      await eventually(allReceived, 30_000, 100);

      expect(sent).toHaveLength(900);
      expect(received.size).toBe(900);

      // The restarted broker holds its copies: with another broker down, a fresh group
      // still reads all 900 from the beginning.
      const other = [1, 2, 3].find((n) => n !== victim)!;
      await kafkaSh('kill-node', String(other));
      try {
        const reread = new Set<string>();
        const fresh = kafka.consumer({ groupId: `cluster-reread-${randomUUID()}` });
        await fresh.connect();
        await fresh.subscribe({ topics: [topic], fromBeginning: true });
        await fresh.run({
          eachMessage: async ({ message }) => {
            reread.add(message.value?.toString() ?? '');
          },
        });
        await eventually(() => expect(reread.size).toBe(900), 60_000, 100).finally(() => fresh.disconnect());
      } finally {
        await kafkaSh('start-node', String(other));
      }
    } finally {
      await publisher.close().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  });
});
