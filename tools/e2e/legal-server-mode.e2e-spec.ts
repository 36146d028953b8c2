import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_KEY_FILE, JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { loadOrCreateDevMasterKey } from '@collections/shared-pii';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { startFakeBureaus, type FakeBureauServer } from '@collections/legal-service';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import { createTestDatabase, freePort, httpCall, startEntryPoint, type EntryPointProcess, type TestDatabase } from '@collections/shared-testing';

const TENANT = 'legal-server-mode';

/**
 * `node -r @swc-node/register apps/legal/src/main.ts`, as `npx nx serve legal` runs it: its
 * own database, Kafka for its events, the debtors service's API as its directory (a debtors
 * service started here, trusting the dev key the process signs its per-tenant tokens with),
 * the three bureaus as local fakes from SERASA_URL / SPC_URL / BOAVISTA_URL; SIGTERM stops it
 * with exit 0.
 */
describe('server mode: the legal service as its own process (PostgreSQL, Kafka, the debtors API, the bureaus)', () => {
  let database: TestDatabase;
  let debtorsDatabase: TestDatabase;
  let debtors: DebtorsService;
  let fakes: Record<Bureau, FakeBureauServer> | undefined;
  let server: EntryPointProcess | undefined;

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await debtors?.close();
    if (fakes) await Promise.all(BUREAUS.map((b) => fakes![b].close()));
    await database?.drop();
    await debtorsDatabase?.drop();
  });

  it('starts from the environment, sets and reads back a policy with a segment override, answers 404 for an unknown debt, serves /docs, and stops on SIGTERM with 0', async () => {
    database = await createTestDatabase('legal_server');
    debtorsDatabase = await createTestDatabase('legal_server_debtors');
    fakes = await startFakeBureaus();
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'legal-server-'));
    const devKey = await loadOrCreateDevKey(keyDir);
    const issuer = new TokenIssuer(devKey);
    debtors = await startDebtorsService({
      database: debtorsDatabase.config,
      verifier: await JwtVerifier.create(devAuthConfig(devKey)),
      masterKey: await loadOrCreateDevMasterKey(keyDir),
      messaging: { kind: 'embedded' },
      http: { host: '127.0.0.1', port: 0 },
      grpc: false,
      logLevel: 'silent',
      log: () => undefined,
    });
    const db = database.config;
    server = await startEntryPoint(
      'apps/legal/src/main.ts',
      {
        ...(db.connectionString
          ? { DATABASE_URL: db.connectionString }
          : { PGHOST: String(db.host ?? '127.0.0.1'), PGPORT: String(db.port ?? 5432), PGUSER: String(db.user ?? 'postgres'), PGDATABASE: String(db.database) }),
        ...(typeof db.password === 'string' ? { PGPASSWORD: db.password } : {}),
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
        KAFKA_TOPIC_PARTITIONS: '3',
        AUTH_PUBLIC_KEY_PEM: createPublicKey({ key: devKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        LEGAL_HTTP_HOST: '127.0.0.1',
        LEGAL_HTTP_PORT: '0',
        LEGAL_GRPC_HOST: '127.0.0.1',
        LEGAL_GRPC_PORT: String(await freePort()),
        DEBTORS_URL: debtors.httpUrl,
        SERVICE_TOKEN_KEY_FILE: path.join(keyDir, DEV_KEY_FILE),
        SERASA_URL: fakes.serasa.url,
        SPC_URL: fakes.spc.url,
        BOAVISTA_URL: fakes.boavista.url,
        LOG_LEVEL: 'warn',
      },
      (lines) => lines.some((line) => line.startsWith('legal: REST ')),
      90_000,
    );
    const url = /^legal: REST (\S+)/.exec(server.lines.find((line) => line.startsWith('legal: REST '))!)![1]!;
    const token = (...roles: ('integrator' | 'supervisor' | 'admin')[]) => issuer.mint({ subject: 'server-mode-test', tenantId: TenantId.parse(TENANT), roles, ttlSeconds: 600 });
    expect((await httpCall(url, 'GET', '/health', {})).status).toBe(200);
    const admin = await token('admin');
    expect((await httpCall(url, 'GET', '/escalation-policy', { token: admin })).status).toBe(404);
    const set = await httpCall(url, 'PUT', '/escalation-policy', { token: admin, idempotencyKey: 'server-policy-1', body: { triggerDaysPastDue: 45, segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 15 } } } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ version: 1, triggerDaysPastDue: 45, segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 15 } } });
    const read = await httpCall(url, 'GET', '/escalation-policy', { token: await token('integrator') });
    expect(read.body).toMatchObject({ version: 1, triggerDaysPastDue: 45, segments: { cartao: { triggerDaysPastDue: 30 } } });
    expect((await httpCall(url, 'GET', '/escalations/0b6f2c7e-3a1d-4f7e-9c55-6a3c1e2d4b5f', { token: admin })).status).toBe(404);
    expect((await httpCall(url, 'GET', '/docs/openapi.json', {})).body.paths).toHaveProperty('/escalation-policy');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
