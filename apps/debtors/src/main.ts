/**
 * The debtors service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE)
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), KAFKA_CONSUMER_GROUP (default debtors), DEBTORS_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE, AUTH_MAX_TOKEN_LIFETIME_SECONDS (86400)
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   DEBTORS_HTTP_HOST/PORT (0.0.0.0:3000), DEBTORS_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_* variables) to export traces
 *   CLOCK_OFFSET_FILE: a development clock, the system time plus the offset in that file (P11D, -PT3H or
 *     milliseconds; read again when it changes); refused with NODE_ENV=production; JWTs keep the real clock
 *   METRICS_TOKEN (a bearer token /metrics then requires), GRPC_REFLECTION=false (no server reflection)
 *   DEBTORS_AGING_INTERVAL_MS (60000): how often the aging deadlines (overdue, next bucket) are swept
 *   STALL_ALERT_MS (30000): how long a reader of the log may be held back before a log line names the blocker
 *   AUDIT_SIGNING_KEY_FILE, AUDIT_ANCHOR_DIR, AUDIT_DIGEST_INTERVAL_MS: signed digests of the log (see docs/audit.md)
 *   DEBTORS_MIGRATE=false: no migrations at start (the service runs as a runtime role that cannot
 *     change the schema); `main.js --migrate` is the migration job, run as the owner role
 * SIGTERM/SIGINT: stops taking requests, lets the relay and projections finish their
 * batch, flushes the spans, exits 0.
 */
// first: the instrumentations must be in place before `http` and gRPC are loaded
import { telemetry } from './telemetry';
import { Kafka } from 'kafkajs';
import { JwtVerifier, authConfigFromEnv } from '@collections/shared-auth';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { masterKeyFromEnv } from '@collections/shared-pii';
import { clockFromEnv, stopOnSignals } from '@collections/shared-service-kit';
import { openAuditDigestPublisherFromEnv } from '@collections/shared-audit';
import { migrateDebtorsDatabase, startDebtorsService } from '@collections/debtors-service';

async function main(): Promise<void> {
  const env = process.env;
  const database = env['DATABASE_URL']
    ? { connectionString: env['DATABASE_URL'] }
    : { host: env['PGHOST'] ?? '127.0.0.1', port: Number(env['PGPORT'] ?? 5432), user: env['PGUSER'] ?? 'postgres', database: env['PGDATABASE'] ?? 'postgres', ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}) };
  if (process.argv.includes('--migrate')) {
    // the migration job: run as the role that owns the tables, then exit
    await migrateDebtorsDatabase(database);
    process.stdout.write('debtors: migrations applied\n');
    await telemetry?.shutdown();
    return;
  }
  const kafka = new Kafka(kafkaConfigFromEnv('debtors'));
  const service = await startDebtorsService({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka, relay: env['DEBTORS_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6), ...(env['KAFKA_CONSUMER_GROUP'] ? { consumerGroup: env['KAFKA_CONSUMER_GROUP'] } : {}) },
    http: { host: env['DEBTORS_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['DEBTORS_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['DEBTORS_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['DEBTORS_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
    clock: clockFromEnv(env, (line) => process.stdout.write(`debtors: ${line}\n`)),
    // false when the service runs as the runtime role and the migration job ran them
    migrate: env['DEBTORS_MIGRATE'] !== 'false',
    ...(env['METRICS_TOKEN'] ? { metricsToken: env['METRICS_TOKEN'] } : {}),
    ...(env['GRPC_REFLECTION'] ? { grpcReflection: env['GRPC_REFLECTION'] !== 'false' } : {}),
    ...(env['DEBTORS_AGING_INTERVAL_MS'] ? { schedulerIntervalMs: positiveInteger(env['DEBTORS_AGING_INTERVAL_MS'], 'DEBTORS_AGING_INTERVAL_MS') } : {}),
    ...(env['STALL_ALERT_MS'] ? { stallAlertAfterMs: positiveInteger(env['STALL_ALERT_MS'], 'STALL_ALERT_MS') } : {}),
  });
  // Signed digests of the log, anchored outside the database (only where AUDIT_SIGNING_KEY_FILE
  // is set: run exactly one publisher per event store, e.g. beside the relay's leader).
  const audit = await openAuditDigestPublisherFromEnv({ db: service.store.driver, kafka, onError: (error) => console.error('debtors: audit digest failed:', error) });
  await audit?.publisher.start();
  process.stdout.write(`debtors: REST ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}${audit ? ', audit digests on' : ''}\n`);
  stopOnSignals('debtors', async () => {
    await audit?.close();
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('debtors: failed to start:', error);
  process.exit(1);
});

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}
