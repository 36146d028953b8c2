// Global setup of Jest projects whose tests need Kafka (and PostgreSQL).
//  - KAFKA_PROVIDER=local (default): start the project's own broker with
//    infra/kafka/kafka.sh (fetched from Maven Central on first use; idempotent).
//    With KAFKA_CLUSTER=N (e.g. 3): start an N-node KRaft cluster instead (kafka.sh
//    start --cluster N: replication factor N, min.insync.replicas 2) and point
//    KAFKA_BROKERS at it, so the same tests run against replicated topics.
//  - KAFKA_PROVIDER=external: use KAFKA_BROKERS as it is; only check it answers.
// A test never skips for lack of a broker: it fails with how to provide one.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const postgres = require('./global-setup.cjs');

module.exports = async function globalSetup() {
  await postgres();
  if (globalThis.__collectionsKafkaChecked) return;
  const script = path.resolve(__dirname, '../infra/kafka/kafka.sh');
  const provider = process.env.KAFKA_PROVIDER || 'local';
  const command = provider === 'external' ? 'wait' : 'start';
  const cluster = provider !== 'external' && process.env.KAFKA_CLUSTER ? ['--cluster', process.env.KAFKA_CLUSTER] : [];
  if (cluster.length > 0) {
    // The cluster's addresses (127.0.0.1:19092,... unless KAFKA_CLUSTER_PORT moves them).
    process.env.KAFKA_BROKERS = execFileSync('bash', [script, 'brokers', ...cluster], { encoding: 'utf8' }).trim();
  } else if (provider !== 'external') process.env.KAFKA_BROKERS = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
  try {
    execFileSync('bash', [script, command, ...cluster], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  } catch (error) {
    throw new Error(
      `Kafka is not available (${provider}: kafka.sh ${[command, ...cluster].join(' ')} failed).\n` +
        'Locally the broker is fetched from Maven Central and started by infra/kafka/kafka.sh (needs a JDK 17+ and Maven);\n' +
        'see infra/kafka/README.md, or set KAFKA_PROVIDER=external KAFKA_BROKERS=host:port to use an existing cluster.',
    );
  }
  globalThis.__collectionsKafkaChecked = true;
};
