import { createPublicKey, randomBytes } from 'node:crypto';
import type { DevKey } from '@collections/shared-auth';
import { freePort, type TestDatabase } from '@collections/shared-testing';

/**
 * The environment the debtors process reads in server mode, for a test database, the
 * Kafka broker of the tests and a dev signing key (only its public half: the process
 * verifies tokens, it cannot mint them). `more` adds or overrides variables.
 */
export async function serverModeEnv(database: TestDatabase, devKey: DevKey, more: Record<string, string> = {}): Promise<Record<string, string>> {
  const db = database.config;
  return {
    ...(db.connectionString
      ? { DATABASE_URL: db.connectionString }
      : { PGHOST: String(db.host ?? '127.0.0.1'), PGPORT: String(db.port ?? 5432), PGUSER: String(db.user ?? 'postgres'), PGDATABASE: String(db.database) }),
    ...(typeof db.password === 'string' ? { PGPASSWORD: db.password } : {}),
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PARTITIONS: '3',
    AUTH_PUBLIC_KEY_PEM: createPublicKey({ key: devKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    DEBTORS_HTTP_HOST: '127.0.0.1',
    DEBTORS_HTTP_PORT: '0',
    DEBTORS_GRPC_HOST: '127.0.0.1',
    DEBTORS_GRPC_PORT: String(await freePort()),
    ...more,
  };
}
