import { createHmac, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, DEV_KEY_FILE } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { createTestDatabase, freePort, httpCall, startEntryPoint, type EntryPointProcess, type TestDatabase } from '@collections/shared-testing';

const TENANT = `server-${randomUUID().slice(0, 8)}`;
const SECRET = 'whsec-server-mode-0123456789abcdef0123456789';

/**
 * `node -r @swc-node/register apps/payments/src/main.ts` configured only by its environment:
 * its own database, the test Kafka broker, the debtors API (a debtors service on a database
 * of its own) reached with tokens it signs with the service token key the debtors service
 * trusts. A charge and its PIX payment through its REST API, then SIGTERM.
 */
describe('server mode: the payments service as its own process (PostgreSQL, Kafka, the debtors API)', () => {
  let paymentsDatabase: TestDatabase;
  let debtorsDatabase: TestDatabase;
  let debtors: DebtorsService;
  let server: EntryPointProcess | undefined;
  let issuer: TokenIssuer;
  let env: Record<string, string>;

  beforeAll(async () => {
    paymentsDatabase = await createTestDatabase('payments_server');
    debtorsDatabase = await createTestDatabase('payments_server_debtors');
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'payments-server-'));
    const devKey = await loadOrCreateDevKey(keyDir);
    issuer = new TokenIssuer(devKey);
    debtors = await startDebtorsService({
      database: debtorsDatabase.config,
      verifier: await JwtVerifier.create(devAuthConfig(devKey)),
      masterKey: MasterKey.fromBase64(randomBytes(32).toString('base64')),
      messaging: { kind: 'embedded' },
      http: { host: '127.0.0.1', port: 0 },
      grpc: false,
      logLevel: 'silent',
      log: () => undefined,
    });
    const db = paymentsDatabase.config;
    env = {
      ...(db.connectionString ? { DATABASE_URL: db.connectionString } : { PGHOST: String(db.host ?? '127.0.0.1'), PGPORT: String(db.port ?? 5432), PGUSER: String(db.user ?? 'postgres'), PGDATABASE: String(db.database) }),
      ...(typeof db.password === 'string' ? { PGPASSWORD: db.password } : {}),
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PARTITIONS: '3',
      AUTH_PUBLIC_KEY_PEM: createPublicKey({ key: devKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
      PII_MASTER_KEY: randomBytes(32).toString('base64'),
      PAYMENTS_HTTP_HOST: '127.0.0.1',
      PAYMENTS_HTTP_PORT: '0',
      PAYMENTS_GRPC_HOST: '127.0.0.1',
      PAYMENTS_GRPC_PORT: String(await freePort()),
      DEBTORS_URL: debtors.httpUrl,
      SERVICE_TOKEN_KEY_FILE: path.join(keyDir, DEV_KEY_FILE),
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await debtors?.close();
    await paymentsDatabase?.drop();
    await debtorsDatabase?.drop();
  });

  it('starts from its environment, issues a charge with the balance it reads from the debtors API, takes a signed PIX payment, and stops cleanly on SIGTERM', async () => {
    server = await startEntryPoint('apps/payments/src/main.ts', env, (lines) => lines.some((line) => line.startsWith('payments: REST ')), 90_000);
    const api = /^payments: REST (\S+)/.exec(server.lines.find((line) => line.startsWith('payments: REST '))!)![1]!;
    const token = await issuer.mint({ subject: 'server-test', tenantId: TenantId.parse(TENANT), roles: ['integrator', 'supervisor'], ttlSeconds: 600 });
    expect((await httpCall(api, 'PUT', '/settings', { token, body: { pix: { key: 'pix@server.example', merchantName: 'Server', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.server.example/qr' }, boleto: null, webhookSecret: SECRET } })).status).toBe(200);
    const debtor = await httpCall(debtors.httpUrl, 'POST', '/debtors', { token, idempotencyKey: `srv-debtor-${TENANT}`, body: { taxId: generateCpf(), name: 'Lia Souza', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const debt = await httpCall(debtors.httpUrl, 'POST', '/debts', { token, idempotencyKey: `srv-debt-${TENANT}`, body: { debtorId: debtor.body.debtorId, contractReference: 'SRV-1', originalAmount: { amount: 12_000, currency: 'BRL' }, dueDate: today, lateFeeRate: '0.02' } });
    expect(debt.status).toBe(201);
    const charge = await httpCall(api, 'POST', '/charges', { token, idempotencyKey: `srv-charge-${TENANT}`, body: { debtIds: [debt.body.debtId], dueDate: today } });
    expect(charge.status).toBe(201);
    expect(charge.body.amount).toEqual({ amount: 12_000, currency: 'BRL' });
    const rawBody = JSON.stringify({ pix: [{ endToEndId: 'E00000000202611281200SERVER00001', txid: charge.body.txid, valor: '120.00', horario: new Date().toISOString() }] });
    const paid = await httpCall(api, 'POST', `/webhooks/pix/${TENANT}`, { rawBody, headers: { 'x-webhook-signature': createHmac('sha256', SECRET).update(rawBody).digest('hex') } });
    expect(paid.body.results[0].status).toBe('allocated');
    expect((await httpCall(api, 'GET', '/docs/openapi.json', {})).body.paths).toHaveProperty(['/webhooks/pix/{tenantId}']);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
