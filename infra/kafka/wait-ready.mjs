// Readiness check for a Kafka cluster, used by infra/kafka/kafka.sh (start, wait).
//
// An open port is not enough: right after start a broker still answers
// "coordinator is loading" / "group coordinator not available" for a few
// seconds. So this goes through what the application will do: admin client
// (describe cluster, create the probe topic if missing), idempotent producer
// (acks -1) and a consumer in a fresh consumer group, retrying until it all
// works or the overall timeout expires.
//
// Env: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_WAIT_TIMEOUT_MS (60000),
// KAFKA_WAIT_VERBOSE=1 to print kafkajs errors as they happen, and, for an
// external cluster, KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME /
// KAFKA_SASL_PASSWORD / KAFKA_SSL / KAFKA_SSL_CA_FILE (see README.md).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const PROBE_TOPIC = '__readiness_probe';
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_WAIT_TIMEOUT_MS || 60000);
const verbose = process.env.KAFKA_WAIT_VERBOSE === '1';
const startedAt = Date.now();
const deadline = startedAt + timeoutMs;

// kafkajs logs transient errors at ERROR level while the broker is still
// loading (they are expected and retried). Keep only ERROR, and print the last
// ones only if we give up (or live with KAFKA_WAIT_VERBOSE=1).
const recentErrors = [];
const logCreator =
  () =>
  ({ namespace, log }) => {
    const line = `[${namespace}] ${log.message}${log.error ? `: ${log.error}` : ''}`;
    if (verbose) console.error(`kafka: kafkajs: ${line}`);
    recentErrors.push(line);
    if (recentErrors.length > 10) recentErrors.shift();
  };

function securityOptions() {
  const options = {};
  const ssl = process.env.KAFKA_SSL === 'true';
  const caFile = process.env.KAFKA_SSL_CA_FILE;
  if (ssl || caFile) {
    options.ssl = caFile ? { ca: [readFileSync(caFile, 'utf8')] } : true;
  }
  const mechanism = process.env.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    options.sasl = {
      mechanism: mechanism.toLowerCase(),
      username: process.env.KAFKA_SASL_USERNAME ?? '',
      password: process.env.KAFKA_SASL_PASSWORD ?? '',
    };
  }
  return options;
}

const kafka = new Kafka({
  clientId: 'readiness-probe',
  brokers,
  ...securityOptions(),
  logLevel: logLevel.ERROR,
  logCreator,
  connectionTimeout: 3000,
  requestTimeout: 10000,
  // Short internal retries; the outer loop below does the long waiting.
  retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 5 },
});

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function probeOnce() {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const groupId = `__readiness_probe-${process.pid}-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 10000 });
  const nonce = randomUUID();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('cluster has no brokers yet');

    const topics = await admin.listTopics();
    if (!topics.includes(PROBE_TOPIC)) {
      await admin.createTopics({
        waitForLeaders: true,
        // Partitions and replication factor: broker defaults. Old probe
        // messages are useless, keep them for an hour only.
        topics: [{ topic: PROBE_TOPIC, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      });
    }

    await producer.connect();
    await producer.send({ topic: PROBE_TOPIC, acks: -1, messages: [{ key: 'probe', value: nonce }] });

    // Older probe messages may still be in the topic: wait for ours.
    await consumer.connect();
    await consumer.subscribe({ topic: PROBE_TOPIC, fromBeginning: true });
    await new Promise((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) reject(e.payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString() === nonce) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    // Do not leave one empty consumer group behind per check.
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

let lastError;
let attempt = 0;
while (Date.now() < deadline) {
  attempt += 1;
  try {
    await withTimeout(probeOnce(), Math.max(deadline - Date.now(), 1), 'readiness probe');
    console.log(`kafka: ready at ${brokers.join(',')} in ${Date.now() - startedAt} ms`);
    process.exit(0);
  } catch (error) {
    lastError = error;
    if (verbose) console.error(`kafka: attempt ${attempt} failed: ${error?.message ?? error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

console.error(
  `kafka: error: not ready at ${brokers.join(',')} after ${timeoutMs} ms (${attempt} attempts); ` +
    `last error: ${lastError?.message ?? lastError}`,
);
if (recentErrors.length > 0) {
  console.error('kafka: last kafkajs errors:');
  for (const line of recentErrors) console.error(`  ${line}`);
}
// Exit explicitly: a probe cut by the timeout may still hold sockets/timers.
process.exit(1);
