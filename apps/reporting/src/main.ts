/**
 * The reporting service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE)
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), KAFKA_CONSUMER_GROUP (default reporting), REPORTING_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   REPORTING_HTTP_HOST/PORT (0.0.0.0:3000), REPORTING_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_* variables) to export traces
 *   CLOCK_OFFSET_FILE: a development clock, the system time plus the offset in that file (P11D, -PT3H or
 *     milliseconds; read again when it changes); refused with NODE_ENV=production; JWTs keep the real clock
 * SIGTERM/SIGINT: stops taking requests, lets the relay finish its batch, flushes the spans, exits 0.
 */
// first: the instrumentations must be in place before `http` and gRPC are loaded
import { telemetry } from './telemetry';
import { Kafka } from 'kafkajs';
import { JwtVerifier, authConfigFromEnv } from '@collections/shared-auth';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { masterKeyFromEnv } from '@collections/shared-pii';
import { clockFromEnv, stopOnSignals } from '@collections/shared-service-kit';
import { startReportingService } from '@collections/reporting-service';

async function main(): Promise<void> {
  const env = process.env;
  const database = env['DATABASE_URL']
    ? { connectionString: env['DATABASE_URL'] }
    : { host: env['PGHOST'] ?? '127.0.0.1', port: Number(env['PGPORT'] ?? 5432), user: env['PGUSER'] ?? 'postgres', database: env['PGDATABASE'] ?? 'postgres', ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}) };
  const service = await startReportingService({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka: new Kafka(kafkaConfigFromEnv('reporting')), relay: env['REPORTING_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6), ...(env['KAFKA_CONSUMER_GROUP'] ? { consumerGroup: env['KAFKA_CONSUMER_GROUP'] } : {}) },
    http: { host: env['REPORTING_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['REPORTING_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['REPORTING_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['REPORTING_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
    clock: clockFromEnv(env, (line) => process.stdout.write(`reporting: ${line}\n`)),
  });
  process.stdout.write(`reporting: REST ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}\n`);
  stopOnSignals('reporting', async () => {
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('reporting: failed to start:', error);
  process.exit(1);
});
