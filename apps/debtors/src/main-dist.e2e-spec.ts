import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { TokenIssuer, loadOrCreateDevKey } from '@collections/shared-auth';
import { serverModeEnv } from './testing/server-env';
import { createTestDatabase, eventually, httpCall, startEntryPoint, type EntryPointProcess, type TestDatabase } from '@collections/shared-testing';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = 'dist/apps/debtors/src/main.js';
const TENANT = 'dist-credor';

/**
 * `npm run build` output, run as the k8s manifest runs it: `node dist/apps/debtors/src/main.js`,
 * plain Node (no TypeScript loader, no path-alias resolver), from a directory outside the
 * repository. The build is made first when dist/ is missing or older than the sources, so
 * `npm test` works alone on a fresh clone.
 */
describe('production build: the debtors service from dist/ with plain node', () => {
  let database: TestDatabase;
  let issuer: TokenIssuer;
  let env: Record<string, string>;
  let server: (EntryPointProcess & { httpUrl: string }) | undefined;

  beforeAll(async () => {
    try {
      execFileSync(process.execPath, ['tools/build/dist.cjs', 'ensure'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run build failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
    database = await createTestDatabase('debtors_dist');
    const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'debtors-dist-')));
    issuer = new TokenIssuer(devKey);
    env = await serverModeEnv(database, devKey, { LOG_LEVEL: 'warn' });
  }, 600_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await database?.drop();
  });

  it('builds a dist/ that resolves its own imports and carries the gRPC contract', () => {
    expect(existsSync(path.join(ROOT, MAIN))).toBe(true);
    expect(existsSync(path.join(ROOT, 'dist/libs/debtors/contracts/src/proto/debtors.proto'))).toBe(true);
  });

  it('starts with plain node, migrates a fresh database, serves REST and gRPC, and stops cleanly on SIGTERM', async () => {
    const started = await startEntryPoint(MAIN, env, (lines) => lines.some((line) => line.startsWith('debtors: REST ')), 90_000, { run: 'plain', cwd: os.tmpdir() });
    server = { ...started, httpUrl: /^debtors: REST (\S+)/.exec(started.lines.find((line) => line.startsWith('debtors: REST '))!)![1]! };
    const call = (method: string, url: string, options: Parameters<typeof httpCall>[3] = {}) => httpCall(server!.httpUrl, method, url, options);

    expect((await call('GET', '/health')).status).toBe(200);
    await eventually(async () => expect((await call('GET', '/ready')).status).toBe(200), 30_000);

    const token = await issuer.mint({ subject: 'erp@dist', tenantId: TENANT as never, roles: ['integrator'], ttlSeconds: 600 });
    const registered = await call('POST', '/debtors', {
      token,
      idempotencyKey: `dist-${randomBytes(6).toString('hex')}`,
      body: { taxId: '529.982.247-25', name: 'Maria da Silva', state: 'SP', contactPoints: [{ kind: 'email', value: 'maria@example.com', consent: 'granted' }] },
    });
    expect(registered.status).toBe(201);
    const debtorId = registered.body.debtorId as string;
    expect(await call('GET', `/debtors/${debtorId}`, { token })).toMatchObject({ status: 200, body: { debtorId, name: 'Maria da Silva', taxId: '52998224725' } });

    // gRPC, with the contract the build copied (the server itself loaded it from dist/ to start)
    const pkg = loadPackageDefinition(loadSync(path.join(ROOT, 'dist/libs/debtors/contracts/src/proto/debtors.proto'), { keepCase: false, longs: Number, defaults: true })) as any;
    const client: Client & Record<string, (r: object, m: Metadata, cb: (e: ServiceError | null, r: any) => void) => void> = new pkg.collections.debtors.v1.DebtorsService(
      `127.0.0.1:${env['DEBTORS_GRPC_PORT']}`,
      credentials.createInsecure(),
    );
    try {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      const viaGrpc = await new Promise<any>((resolve, reject) => client['GetDebtor']!({ debtorId }, metadata, (e, r) => (e ? reject(e) : resolve(r))));
      expect(viaGrpc).toMatchObject({ debtorId, name: 'Maria da Silva' });
    } finally {
      client.close();
    }

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.lines.join('\n')).toMatch(/SIGTERM, stopping/);
  });
});
