// Creates the platform's topics on a cluster started by `kafka.sh start --cluster N`,
// with the cluster's replication factor and min.insync.replicas (the broker defaults
// kafka.sh writes), so that the services find them in place. The services create the
// same topics themselves at start (libs/shared/messaging provisionTopics, partitions
// and replication from the broker defaults); existing topics are left as they are.
//
// Env: KAFKA_BROKERS (the cluster), KAFKA_TOPIC_PARTITIONS (default 6),
// KAFKA_CLUSTER_TOPICS (comma-separated; default: each context's event topic and its
// .dlq, and the audit digest topic).
import { Kafka, logLevel } from 'kafkajs';

const CONTEXTS = ['debtors', 'contacts', 'negotiation', 'payments', 'legal', 'reporting'];
const brokers = (process.env.KAFKA_BROKERS || '').split(',').map((b) => b.trim()).filter(Boolean);
const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS || 6);
const wanted = process.env.KAFKA_CLUSTER_TOPICS
  ? process.env.KAFKA_CLUSTER_TOPICS.split(',').map((t) => ({ topic: t.trim(), numPartitions: partitions }))
  : [
      ...CONTEXTS.flatMap((c) => [`collections.${c}.events.v1`, `collections.${c}.events.v1.dlq`]).map((topic) => ({ topic, numPartitions: partitions })),
      { topic: 'collections.audit.digests.v1', numPartitions: 1 },
    ];

const kafka = new Kafka({ clientId: 'kafka-sh-provision', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
try {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      // replicationFactor and min.insync.replicas: the cluster's defaults (N and 2).
      topics: missing.map((t) => ({ ...t, configEntries: [{ name: 'retention.ms', value: '-1' }] })),
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.topic) });
  const replicas = new Set(metadata.topics.flatMap((t) => t.partitions.map((p) => p.replicas.length)));
  console.log(
    `kafka: ${wanted.length} topics in place (${missing.length} created), replicas per partition: ${[...replicas].join('/')}`,
  );
} finally {
  await admin.disconnect();
}
