import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_KEY_FILE, JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { loadOrCreateDevMasterKey } from '@collections/shared-pii';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { createTestDatabase, freePort, httpCall, startEntryPoint, type EntryPointProcess, type TestDatabase } from '@collections/shared-testing';

const TENANT = 'negotiation-server-mode';

/**
 * `node -r @swc-node/register apps/negotiation/src/main.ts`, as `npx nx serve negotiation`
 * runs it: its own database, Kafka for its events, the debtors service's API for balances
 * (a debtors service started here, trusting the same dev key the process signs its
 * per-tenant tokens with); SIGTERM stops it with exit 0.
 */
describe('server mode: the negotiation service as its own process (PostgreSQL, Kafka, the debtors API)', () => {
  let database: TestDatabase;
  let debtorsDatabase: TestDatabase;
  let debtors: DebtorsService;
  let server: EntryPointProcess | undefined;

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await debtors?.close();
    await database?.drop();
    await debtorsDatabase?.drop();
  });

  it('starts from the environment, makes and accepts an offer on a debt of the debtors service, and stops on SIGTERM', async () => {
    database = await createTestDatabase('negotiation_server');
    debtorsDatabase = await createTestDatabase('negotiation_server_debtors');
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'negotiation-server-'));
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
      'apps/negotiation/src/main.ts',
      {
        ...(db.connectionString
          ? { DATABASE_URL: db.connectionString }
          : { PGHOST: String(db.host ?? '127.0.0.1'), PGPORT: String(db.port ?? 5432), PGUSER: String(db.user ?? 'postgres'), PGDATABASE: String(db.database) }),
        ...(typeof db.password === 'string' ? { PGPASSWORD: db.password } : {}),
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
        KAFKA_TOPIC_PARTITIONS: '3',
        AUTH_PUBLIC_KEY_PEM: createPublicKey({ key: devKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        NEGOTIATION_HTTP_HOST: '127.0.0.1',
        NEGOTIATION_HTTP_PORT: '0',
        NEGOTIATION_GRPC_HOST: '127.0.0.1',
        NEGOTIATION_GRPC_PORT: String(await freePort()),
        DEBTORS_URL: debtors.httpUrl,
        SERVICE_TOKEN_KEY_FILE: path.join(keyDir, DEV_KEY_FILE),
        SELF_SERVICE_LINK_KEY: randomBytes(32).toString('base64'),
        SELF_SERVICE_PUBLIC_URL: 'https://negociar.credor.example',
        LOG_LEVEL: 'warn',
      },
      (lines) => lines.some((line) => line.startsWith('negotiation: REST ')),
      90_000,
    );
    const url = /^negotiation: REST (\S+)/.exec(server.lines.find((line) => line.startsWith('negotiation: REST '))!)![1]!;
    const token = (...roles: ('integrator' | 'agent' | 'supervisor')[]) => issuer.mint({ subject: 'server-mode-test', tenantId: TenantId.parse(TENANT), roles, ttlSeconds: 600 });
    const integrator = await token('integrator');
    const debtor = await httpCall(debtors.httpUrl, 'POST', '/debtors', { token: integrator, idempotencyKey: 'server-debtor-1', body: { taxId: '529.982.247-25', name: 'Maria da Silva', state: 'SP', contactPoints: [] } });
    const debt = await httpCall(debtors.httpUrl, 'POST', '/debts', {
      token: integrator,
      idempotencyKey: 'server-debt-1',
      body: { debtorId: debtor.body.debtorId, contractReference: 'SRV-1', originalAmount: { amount: 100_000, currency: 'BRL' }, dueDate: '2025-06-10', lateFeeRate: '0.02' },
    });
    expect((await httpCall(url, 'GET', '/health', {})).status).toBe(200);
    const supervisor = await token('supervisor');
    const policy = {
      rules: [{ bucket: '181-360', segment: 'default', maxChargesDiscount: '0.5', agentDiscountLimit: '0.01', maxInstallments: 6, minInstallment: { amount: 5_000, currency: 'BRL' }, monthlyInterestRate: '0.01' }, { bucket: '360+', segment: 'default', maxChargesDiscount: '0.5', agentDiscountLimit: '0.01', maxInstallments: 6, minInstallment: { amount: 5_000, currency: 'BRL' }, monthlyInterestRate: '0.01' }],
    };
    expect((await httpCall(url, 'PUT', '/policy', { token: supervisor, idempotencyKey: 'server-policy-1', body: policy })).status).toBe(200);
    // the self-service page is served when its key and public URL are given: a link to it
    const link = await httpCall(url, 'POST', '/self-service/links', { token: integrator, idempotencyKey: 'server-link-1', body: { debtorId: debtor.body.debtorId, debtIds: [debt.body.debtId] } });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^https:\/\/negociar\.credor\.example\/autoatendimento\/entrar\?t=/);
    const agent = await token('agent');
    const made = await httpCall(url, 'POST', `/debts/${debt.body.debtId}/offers`, { token: agent, idempotencyKey: 'server-offer-1', body: { kind: 'cash' } });
    expect(made.status).toBe(201);
    const accepted = await httpCall(url, 'POST', `/offers/${made.body.offerId}/accept`, { token: agent, idempotencyKey: 'server-accept-1' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('active');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
