/**
 * The negotiation service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE): its own database
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), KAFKA_CONSUMER_GROUP (default negotiation), NEGOTIATION_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   NEGOTIATION_HTTP_HOST/PORT (0.0.0.0:3000), NEGOTIATION_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   DEBTORS_URL: the debtors service's REST API (a debt's balance as of the offer date)
 *   SERVICE_TOKEN_KEY_FILE: an existing dev-jwt-key.json (Ed25519 JWK) this service signs its
 *     short-lived per-tenant tokens with for the debtors API; that API must trust its key
 *   SELF_SERVICE_LINK_KEY (base64 of at least 32 bytes, secret and stable) with SELF_SERVICE_PUBLIC_URL (where
 *     debtors reach this service): the debtor's self-service page and POST /self-service/links; without them neither is served
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
import { HttpDebtBalances, startNegotiationService, type SelfServiceOptions } from '@collections/negotiation-service';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required (see the head of apps/negotiation/src/main.ts)`);
  return value;
}

/** The self-service page's settings, when both are given; one without the other is a mistake, refused at start. */
function selfServiceFromEnv(env: NodeJS.ProcessEnv): SelfServiceOptions | undefined {
  const key = env['SELF_SERVICE_LINK_KEY'];
  const publicUrl = env['SELF_SERVICE_PUBLIC_URL'];
  if (!key && !publicUrl) return undefined;
  if (!key || !publicUrl) throw new Error('SELF_SERVICE_LINK_KEY and SELF_SERVICE_PUBLIC_URL go together (see the head of apps/negotiation/src/main.ts)');
  const linkKey = Buffer.from(key, 'base64');
  if (linkKey.length < 32) throw new Error('SELF_SERVICE_LINK_KEY must be the base64 of at least 32 bytes');
  return { linkKey, publicUrl };
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
  const selfService = selfServiceFromEnv(env);
  const service = await startNegotiationService({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka: new Kafka(kafkaConfigFromEnv('negotiation')), relay: env['NEGOTIATION_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6), ...(env['KAFKA_CONSUMER_GROUP'] ? { consumerGroup: env['KAFKA_CONSUMER_GROUP'] } : {}) },
    http: { host: env['NEGOTIATION_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['NEGOTIATION_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['NEGOTIATION_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['NEGOTIATION_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
    clock: clockFromEnv(env, (line) => process.stdout.write(`negotiation: ${line}\n`)),
    balances: new HttpDebtBalances({
      baseUrl: required(env, 'DEBTORS_URL'),
      token: (tenantId) => issuer.mint({ subject: 'service:negotiation', tenantId: TenantId.parse(tenantId), roles: ['integrator'], ttlSeconds: 300 }),
    }),
    ...(selfService ? { selfService } : {}),
  });
  process.stdout.write(`negotiation: REST ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}\n`);
  stopOnSignals('negotiation', async () => {
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('negotiation: failed to start:', error);
  process.exit(1);
});
