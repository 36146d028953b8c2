import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, type Role, type TokenVerifier } from '@collections/shared-auth';
import { TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase, freePort, httpCall, type HttpCallOptions, type TestDatabase } from '@collections/shared-testing';
import type { ListenAddress } from '../bootstrap-service';

/** What a test service starts with: its own database, a test clock, a dev signing key, free ports. */
export interface TestServiceEnvironment {
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly http: ListenAddress;
  /** A free port, chosen again on every (re)start. */
  readonly grpc: ListenAddress;
}

export interface TestService<S> {
  readonly database: TestDatabase;
  readonly clock: TestClock;
  service: S;
  /** A token for the tenant with these roles, signed by the dev key the service trusts. */
  token(tenantId: string, ...roles: Role[]): Promise<string>;
  /** The same, for a caller of its own (`sub`): two agents of one tenant are two subjects. */
  tokenAs(subject: string, tenantId: string, ...roles: Role[]): Promise<string>;
  /** fetch against the service with JSON in and out. */
  call(method: string, url: string, options?: HttpCallOptions): Promise<{ status: number; body: any; headers: Headers }>;
  /** Closes the service and starts it again on the same database (same keys, same clock). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A service on a fresh database of its own (dropped by close), with a test clock, a dev
 * JWT key and a random PII master key. `start` is the service's own start function over
 * this environment; the test drives the clock and calls the API.
 */
export async function startServiceForTest<S extends { readonly httpUrl: string; close(): Promise<void> }>(
  label: string,
  start: (environment: TestServiceEnvironment) => Promise<S>,
  options: { readonly now?: string } = {},
): Promise<TestService<S>> {
  const database = await createTestDatabase(label);
  const clock = new TestClock(options.now ?? '2026-03-02T12:00:00.000Z');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), `${label}-keys-`));
  const devKey = await loadOrCreateDevKey(keyDir);
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'), 'test');
  const environment = async (): Promise<TestServiceEnvironment> => ({
    database,
    clock,
    verifier,
    masterKey,
    http: { host: '127.0.0.1', port: 0 },
    grpc: { host: '127.0.0.1', port: await freePort() },
  });

  const service: TestService<S> = {
    database,
    clock,
    service: await start(await environment()),
    token: (tenantId, ...roles) => issuer.mint({ subject: `user-${roles.join('-')}@${tenantId}`, tenantId: TenantId.parse(tenantId), roles, ttlSeconds: 3600 }),
    tokenAs: (subject, tenantId, ...roles) => issuer.mint({ subject, tenantId: TenantId.parse(tenantId), roles, ttlSeconds: 3600 }),
    call: (method, url, opts = {}) => httpCall(service.service.httpUrl, method, url, opts),
    async restart() {
      await service.service.close();
      service.service = await start(await environment());
    },
    async close() {
      await service.service.close();
      await database.drop();
    },
  };
  return service;
}
