/**
 * A service consumer in its own process, for the kill and tracing tests. Env:
 * TEST_DB, KAFKA_BROKERS, TEST_CONTEXT, GROUP_ID, CRASH_AFTER_EFFECTS (SIGKILL itself
 * right after that many effects), COMMIT_INTERVAL_MS (how often offsets are committed).
 * Reports {"handled": n, "duplicate": n} every 100 ms and each consumer span as
 * {"span": {...}} (in-memory exporter).
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Kafka, logLevel } from 'kafkajs';
import { NodePostgresDriver } from '@collections/shared-event-store';
import { ContractRegistry, topicFor } from '@collections/shared-contracts';
import { KafkaEventConsumer } from '../consumer/kafka-event-consumer';
import { kafkaConfigFromEnv } from '../kafka/kafka-config';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { MessagingMetrics } from '../metrics';
import { report } from './child-process';
import { paymentContract } from './messaging-test-kit';

const exporter = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));

async function main(): Promise<void> {
  const db = JSON.parse(process.env['TEST_DB'] ?? '{}');
  const contextName = process.env['TEST_CONTEXT'] ?? 'missing';
  const crashAfter = Number(process.env['CRASH_AFTER_EFFECTS'] ?? 0);
  const database = NodePostgresDriver.create({ ...db, max: 2 });
  const kafka = new Kafka({ ...kafkaConfigFromEnv('consumer-process'), logLevel: logLevel.NOTHING });
  const metrics = new MessagingMetrics();
  let effects = 0;
  const consumer = new KafkaEventConsumer({
    kafka,
    groupId: process.env['GROUP_ID'] ?? 'consumer-process',
    topics: [topicFor(contextName)],
    contracts: new ContractRegistry([paymentContract(contextName)]),
    database,
    deadLetters: KafkaPublisher.create(kafka),
    metrics,
    ...(process.env['COMMIT_INTERVAL_MS'] ? { commitIntervalMs: Number(process.env['COMMIT_INTERVAL_MS']) } : {}),
    handle: async (event, transaction) => {
      await transaction.query('INSERT INTO effects (event_id, stream_id, seq) VALUES ($1, $2, $3)', [
        event.eventId,
        event.streamId,
        (event.payload as { seq: number }).seq,
      ]);
      effects += 1;
      // Die hard once this effect is committed, with offsets still uncommitted.
      if (crashAfter > 0 && effects >= crashAfter) setTimeout(() => process.kill(process.pid, 'SIGKILL'), 5);
    },
  });
  await consumer.start();
  let reportedSpans = 0;
  setInterval(() => {
    void metrics.handled.get().then((m) => {
      const count = (outcome: string) => m.values.filter((v) => v.labels['outcome'] === outcome).reduce((a, v) => a + v.value, 0);
      report({ handled: count('handled'), duplicate: count('duplicate') });
    });
    const spans = exporter.getFinishedSpans();
    for (const span of spans.slice(reportedSpans)) {
      report({
        span: {
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId,
          kind: span.kind,
          attributes: span.attributes,
        },
      });
    }
    reportedSpans = spans.length;
  }, 100);
  process.on('SIGTERM', () => {
    void consumer.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
