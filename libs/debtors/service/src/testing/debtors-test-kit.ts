import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, type Role } from '@collections/shared-auth';
import { TestClock, uuidV7Ids } from '@collections/shared-kernel';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase, freePort, httpCall, type HttpCallOptions, type TestDatabase } from '@collections/shared-testing';
import { startDebtorsService, type DebtorsService, type DebtorsServiceOptions } from '../debtors.service';

export interface DebtorsTestKit {
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly kafka: Kafka;
  service: DebtorsService;
  token(tenantId: string, ...roles: Role[]): Promise<string>;
  /** fetch against the service with JSON in and out. */
  call(method: string, url: string, options?: HttpCallOptions): Promise<{ status: number; body: any; headers: Headers }>;
  restart(overrides?: Partial<DebtorsServiceOptions>): Promise<void>;
  close(): Promise<void>;
}

/** The debtors service on its own PostgreSQL database, a test clock, a dev signing key and the real Kafka broker. */
export async function startDebtorsTestKit(label: string, overrides: Partial<DebtorsServiceOptions> = {}): Promise<DebtorsTestKit> {
  const database = await createTestDatabase(label);
  const clock = new TestClock('2026-03-02T12:00:00.000Z');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'debtors-keys-'));
  const devKey = await loadOrCreateDevKey(keyDir);
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'), 'test');
  const kafka = new Kafka({ ...kafkaConfigFromEnv(`debtors-${label}`), logLevel: logLevel.NOTHING });

  const options = async (): Promise<DebtorsServiceOptions> => ({
    database: database.config,
    verifier,
    masterKey,
    messaging: { kind: 'kafka', kafka, relay: true, partitions: 3 },
    http: { host: '127.0.0.1', port: 0 },
    grpc: { host: '127.0.0.1', port: await freePort() },
    clock,
    ids: uuidV7Ids,
    schedulerIntervalMs: 0,
    projectionPollMs: 20,
    logLevel: 'silent',
    log: () => undefined,
    ...overrides,
  });

  const kit: DebtorsTestKit = {
    database,
    clock,
    kafka,
    service: await startDebtorsService(await options()),
    token: (tenantId, ...roles) => issuer.mint({ subject: `user-${roles.join('-')}@${tenantId}`, tenantId: tenantId as never, roles, ttlSeconds: 3600 }),
    call: (method, url, opts = {}) => httpCall(kit.service.httpUrl, method, url, opts),
    async restart(more = {}) {
      await kit.service.close();
      kit.service = await startDebtorsService({ ...(await options()), ...more });
    },
    async close() {
      await kit.service.close();
      await database.drop();
    },
  };
  return kit;
}

let sequence = 0;
/** A fresh idempotency key. */
export const key = (): string => `test-key-${process.pid}-${Date.now()}-${++sequence}`;
