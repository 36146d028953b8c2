/**
 * The payments service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE): the payments service's own database
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), KAFKA_CONSUMER_GROUP (default payments), PAYMENTS_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   PAYMENTS_HTTP_HOST/PORT (0.0.0.0:3000), PAYMENTS_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   DEBTORS_URL: the debtors service's REST API (debts' balances at issue and allocation)
 *   SERVICE_TOKEN_KEY_FILE: an existing dev-jwt-key.json (Ed25519 JWK) this service signs its
 *     short-lived per-tenant tokens with for the debtors API; that API must trust its key
 *   OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_* variables) to export traces
 *   CLOCK_OFFSET_FILE: a development clock, the system time plus the offset in that file (P11D, -PT3H or
 *     milliseconds; read again when it changes); refused with NODE_ENV=production; JWTs keep the real clock
 * SIGTERM/SIGINT: stops taking requests, lets the relay finish its batch, flushes the spans, exits 0.
 */
// first: the instrumentations must be in place before `http` and gRPC are loaded
import { telemetry } from './telemetry';
import { Kafka } from 'kafkajs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEV_KEY_FILE, JwtVerifier, TokenIssuer, authConfigFromEnv, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { masterKeyFromEnv } from '@collections/shared-pii';
import { clockFromEnv, stopOnSignals } from '@collections/shared-service-kit';
import { HttpDebtorsLedger, startPaymentsService } from '@collections/payments-service';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required (see the head of apps/payments/src/main.ts)`);
  return value;
}

async function main(): Promise<void> {
  const env = process.env;
  const database = env['DATABASE_URL']
    ? { connectionString: env['DATABASE_URL'] }
    : { host: env['PGHOST'] ?? '127.0.0.1', port: Number(env['PGPORT'] ?? 5432), user: env['PGUSER'] ?? 'postgres', database: env['PGDATABASE'] ?? 'postgres', ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}) };
  const keyFile = required(env, 'SERVICE_TOKEN_KEY_FILE');
  // an existing key only: a new one would sign tokens the debtors API does not trust
  if (path.basename(keyFile) !== DEV_KEY_FILE || !existsSync(keyFile)) throw new Error(`SERVICE_TOKEN_KEY_FILE must name an existing ${DEV_KEY_FILE}`);
  const issuer = new TokenIssuer(await loadOrCreateDevKey(path.dirname(keyFile)));
  const service = await startPaymentsService({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka: new Kafka(kafkaConfigFromEnv('payments')), relay: env['PAYMENTS_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6), ...(env['KAFKA_CONSUMER_GROUP'] ? { consumerGroup: env['KAFKA_CONSUMER_GROUP'] } : {}) },
    http: { host: env['PAYMENTS_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['PAYMENTS_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['PAYMENTS_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['PAYMENTS_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
    clock: clockFromEnv(env, (line) => process.stdout.write(`payments: ${line}\n`)),
    ledger: new HttpDebtorsLedger({
      baseUrl: required(env, 'DEBTORS_URL'),
      token: (tenantId) => issuer.mint({ subject: 'service:payments', tenantId: TenantId.parse(tenantId), roles: ['integrator'], ttlSeconds: 300 }),
    }),
  });
  process.stdout.write(`payments: REST ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl ?? '(off)'}\n`);
  stopOnSignals('payments', async () => {
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('payments: failed to start:', error);
  process.exit(1);
});
