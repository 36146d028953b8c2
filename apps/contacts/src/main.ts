/**
 * The contacts service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE)
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), KAFKA_CONSUMER_GROUP (default contacts), CONTACTS_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   CONTACTS_HTTP_HOST/PORT (0.0.0.0:3000), CONTACTS_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   DEBTORS_URL: the debtors service's REST API (the directory of names and contact points)
 *   NEGOTIATION_URL (optional): the negotiation service's REST API, which issues the one-time
 *     self-service links of messages whose template shows {{link.selfService}}
 *   SERVICE_TOKEN_KEY_FILE: an existing dev-jwt-key.json (Ed25519 JWK) this service signs its
 *     short-lived per-tenant tokens with for the debtors API; that API must trust its key
 *   the channels (docs/contacts-channels.md): SMTP_URL + SMTP_FROM; SMS_ACCOUNT_SID + SMS_AUTH_TOKEN + SMS_FROM;
 *     WHATSAPP_PHONE_NUMBER_ID + WHATSAPP_TOKEN + WHATSAPP_APP_SECRET + WHATSAPP_VERIFY_TOKEN...; a channel
 *     not configured blocks its steps with evidence
 *   CONTACTS_PUBLIC_URL: the base URL providers call the webhooks at (Twilio signs the full URL), and survey links point to
 *   DIALER_URL + DIALER_API_KEY + DIALER_WEBHOOK_SECRET: a click-to-call dialer (HttpDialer; it reports calls to
 *     CONTACTS_PUBLIC_URL/webhooks/dialer, signed with the secret); without them agents dial from their phones
 *   CONTACTS_SCHEDULER_CONCURRENCY: sends the cadence scheduler has in flight at once within a batch (default 4, the SMTP pool's size)
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
import { HttpDialer, contactChannelsFromEnv } from '@collections/contacts-channels';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { masterKeyFromEnv } from '@collections/shared-pii';
import { clockFromEnv, stopOnSignals } from '@collections/shared-service-kit';
import { HttpDebtorDirectory, HttpSelfServiceLinks, startContactsService } from '@collections/contacts-service';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required (see the head of apps/contacts/src/main.ts)`);
  return value;
}

function schedulerConcurrency(value: string | undefined): number {
  const width = Number(value ?? 4);
  if (!Number.isInteger(width) || width < 1 || width > 9) throw new Error('CONTACTS_SCHEDULER_CONCURRENCY must be an integer from 1 to 9 (the pool has 10 connections)');
  return width;
}

async function main(): Promise<void> {
  const env = process.env;
  const database = env['DATABASE_URL']
    ? { connectionString: env['DATABASE_URL'] }
    : { host: env['PGHOST'] ?? '127.0.0.1', port: Number(env['PGPORT'] ?? 5432), user: env['PGUSER'] ?? 'postgres', database: env['PGDATABASE'] ?? 'postgres', ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}) };
  const channels = contactChannelsFromEnv(env);
  const keyFile = required(env, 'SERVICE_TOKEN_KEY_FILE');
  // an existing key only: a new one would sign tokens the debtors API does not trust
  if (path.basename(keyFile) !== DEV_KEY_FILE || !existsSync(keyFile)) throw new Error(`SERVICE_TOKEN_KEY_FILE must name an existing ${DEV_KEY_FILE}`);
  const issuer = new TokenIssuer(await loadOrCreateDevKey(path.dirname(keyFile)));
  const service = await startContactsService({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka: new Kafka(kafkaConfigFromEnv('contacts')), relay: env['CONTACTS_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6), ...(env['KAFKA_CONSUMER_GROUP'] ? { consumerGroup: env['KAFKA_CONSUMER_GROUP'] } : {}) },
    http: { host: env['CONTACTS_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['CONTACTS_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['CONTACTS_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['CONTACTS_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
    clock: clockFromEnv(env, (line) => process.stdout.write(`contacts: ${line}\n`)),
    directory: new HttpDebtorDirectory({
      baseUrl: required(env, 'DEBTORS_URL'),
      token: (tenantId) => issuer.mint({ subject: 'service:contacts', tenantId: TenantId.parse(tenantId), roles: ['integrator'], ttlSeconds: 300 }),
    }),
    ...(env['NEGOTIATION_URL']
      ? {
          selfServiceLinks: new HttpSelfServiceLinks({
            baseUrl: env['NEGOTIATION_URL'],
            token: (tenantId) => issuer.mint({ subject: 'service:contacts', tenantId: TenantId.parse(tenantId), roles: ['integrator'], ttlSeconds: 300 }),
          }),
        }
      : {}),
    senders: {
      ...(channels.email ? { email: channels.email } : {}),
      ...(channels.sms ? { sms: channels.sms } : {}),
      ...(channels.whatsapp ? { whatsapp: channels.whatsapp } : {}),
    },
    webhooks: {
      ...channels.webhooks,
      ...(env['CONTACTS_PUBLIC_URL'] ? { publicBaseUrl: env['CONTACTS_PUBLIC_URL'] } : {}),
      ...(env['DIALER_WEBHOOK_SECRET'] ? { dialerWebhookSecret: env['DIALER_WEBHOOK_SECRET'] } : {}),
    },
    ...(env['DIALER_URL']
      ? {
          dialer: new HttpDialer({
            baseUrl: env['DIALER_URL'],
            apiKey: required(env, 'DIALER_API_KEY'),
            ...(env['CONTACTS_PUBLIC_URL'] ? { statusCallbackUrl: `${env['CONTACTS_PUBLIC_URL'].replace(/\/$/, '')}/webhooks/dialer` } : {}),
          }),
        }
      : {}),
    scheduler: { concurrency: schedulerConcurrency(env['CONTACTS_SCHEDULER_CONCURRENCY']) },
  });
  process.stdout.write(`contacts: REST ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}\n`);
  stopOnSignals('contacts', async () => {
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('contacts: failed to start:', error);
  process.exit(1);
});
