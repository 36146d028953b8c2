import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Kafka, logLevel } from 'kafkajs';
import { DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { generateDigestSigningKeyFiles } from '@collections/shared-audit';
import { TokenIssuer, loadOrCreateDevKey } from '@collections/shared-auth';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { collectTopic } from '@collections/shared-messaging-testing';
import { serverModeEnv } from './testing/server-env';
import { createTestDatabase, eventually, httpCall, startEntryPoint, type EntryPointProcess, type HttpCallOptions, type TestDatabase } from '@collections/shared-testing';

const TENANT = 'server-mode-credor';

/** A stand-in OpenTelemetry collector: keeps every span POSTed to /v1/traces (OTLP over HTTP, JSON). */
async function startOtlpReceiver() {
  const spans: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: typeof spans }[] }[] };
        for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, spans, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface ServerProcess extends EntryPointProcess {
  readonly httpUrl: string;
}

/** `node -r @swc-node/register apps/debtors/src/main.ts`, as `npx nx serve debtors` runs it (the build output: main-dist.e2e-spec.ts). */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const started = await startEntryPoint('apps/debtors/src/main.ts', env, (lines) => lines.some((line) => line.startsWith('debtors: REST ')), 90_000);
  const httpUrl = /^debtors: REST (\S+)/.exec(started.lines.find((line) => line.startsWith('debtors: REST '))!)![1]!;
  return { ...started, httpUrl };
}

describe('server mode: the debtors service as its own process (PostgreSQL, Kafka, OTLP)', () => {
  let database: TestDatabase;
  let issuer: TokenIssuer;
  let env: Record<string, string>;
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: ServerProcess | undefined;
  let auditDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('debtors_server');
    const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'server-mode-')));
    issuer = new TokenIssuer(devKey);
    otlp = await startOtlpReceiver();
    // signed digests of the log, with a key the database never sees
    auditDir = mkdtempSync(path.join(os.tmpdir(), 'server-mode-audit-'));
    await generateDigestSigningKeyFiles(path.join(auditDir, 'signing.pem'), path.join(auditDir, 'public.pem'));
    env = await serverModeEnv(database, devKey, {
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'debtors-under-test',
      AUDIT_SIGNING_KEY_FILE: path.join(auditDir, 'signing.pem'),
      AUDIT_ANCHOR_DIR: auditDir,
      AUDIT_DIGEST_INTERVAL_MS: '300',
      AUDIT_DIGEST_TOPIC: `collections.audit.digests.test-${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await otlp?.close();
    await database?.drop();
  });

  const call = (method: string, url: string, options: HttpCallOptions = {}) =>
    httpCall(server!.httpUrl, method, url, { ...options, ...(options.body !== undefined ? { idempotencyKey: `server-mode-${randomBytes(6).toString('hex')}` } : {}) });

  it('starts from its environment, serves REST with real tokens, publishes to Kafka, exports traces, and stops cleanly on SIGTERM', async () => {
    server = await startServer(env);
    expect((await call('GET', '/health')).status).toBe(200);
    await eventually(async () => expect((await call('GET', '/ready')).status).toBe(200), 30_000);
    expect((await call('POST', '/debtors', { body: {} })).status).toBe(401);

    const kafka = new Kafka({ ...kafkaConfigFromEnv('server-mode-test', { KAFKA_BROKERS: env['KAFKA_BROKERS'] }), logLevel: logLevel.NOTHING });
    const collector = await collectTopic(kafka, 'collections.debtors.events.v1');
    try {
      const token = await issuer.mint({ subject: 'erp@server-mode', tenantId: TENANT as never, roles: ['integrator'], ttlSeconds: 600 });
      const traceId = randomBytes(16).toString('hex');
      const registered = await call('POST', '/debtors', {
        token,
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        body: { taxId: '529.982.247-25', name: 'Maria da Silva', state: 'SP', contactPoints: [{ kind: 'phone', value: '+5511987654321', consent: 'granted' }] },
      });
      expect(registered.status).toBe(201);
      const debtorId = registered.body.debtorId as string;

      // the relay in the process published the public event
      await eventually(() => expect(collector.messages.filter((m) => m.key === `debtor-${debtorId}`).map((m) => m.headers['event-type'])).toEqual(['DebtorRegistered']), 30_000);
      expect(collector.messages.find((m) => m.key === `debtor-${debtorId}`)!.headers).toMatchObject({ 'tenant-id': TENANT });

      // the caller's trace continues in the service: its HTTP span, and the command span under it
      await eventually(() => {
        const mine = otlp.spans.filter((s) => s.traceId === traceId);
        const request = mine.find((s) => s.kind === 2 /* SERVER */);
        expect(request).toBeDefined();
        const command = mine.find((s) => s.name.startsWith('RegisterDebtor'));
        expect(command).toMatchObject({ traceId, parentSpanId: request!.spanId });
        // and the PostgreSQL queries it made (CLIENT spans), the append among them under the command
        expect(mine.filter((s) => s.kind === 3 /* CLIENT */ && s.parentSpanId === command!.spanId)).not.toHaveLength(0);
      }, 30_000);
      // gRPC too: a call is a SERVER span in the caller's trace
      const grpcTrace = randomBytes(16).toString('hex');
      const pkg = loadPackageDefinition(loadSync(DEBTORS_PROTO_PATH, { keepCase: false, longs: Number, defaults: true })) as any;
      const client: Client & Record<string, (r: object, m: Metadata, cb: (e: ServiceError | null, r: any) => void) => void> = new pkg.collections.debtors.v1.DebtorsService(
        `127.0.0.1:${env['DEBTORS_GRPC_PORT']}`,
        credentials.createInsecure(),
      );
      try {
        const metadata = new Metadata();
        metadata.set('authorization', `Bearer ${token}`);
        metadata.set('traceparent', `00-${grpcTrace}-${randomBytes(8).toString('hex')}-01`);
        const viaGrpc = await new Promise<any>((resolve, reject) => client['GetDebtor']!({ debtorId }, metadata, (e, r) => (e ? reject(e) : resolve(r))));
        expect(viaGrpc).toMatchObject({ debtorId, name: 'Maria da Silva' });
      } finally {
        client.close();
      }
      await eventually(() => expect(otlp.spans.filter((s) => s.traceId === grpcTrace && s.kind === 2).map((s) => s.name)).toEqual([expect.stringMatching(/DebtorsService\/GetDebtor/)]), 30_000);

      // the process signs digests of its log and anchors them outside the database
      await eventually(() => {
        const digests = readFileSync(path.join(auditDir, 'digests.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { treeSize?: number });
        expect(Math.max(...digests.map((d) => Number(d.treeSize ?? 0)))).toBeGreaterThan(0);
      }, 30_000);

      // personal data never leaves in a span (query parameters are not recorded)
      expect(JSON.stringify(otlp.spans)).not.toMatch(/Maria da Silva|52998224725|987654321/);
      // probes are not traced
      expect(otlp.spans.filter((s) => /health|ready/.test(s.name))).toEqual([]);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.lines.join('\n')).toMatch(/SIGTERM, stopping/);

      // a second process on the same database and master key reads the debtor back, decrypted
      server = await startServer(env);
      const read = await call('GET', `/debtors/${debtorId}`, { token });
      expect(read).toMatchObject({ status: 200, body: { name: 'Maria da Silva', taxId: '52998224725' } });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await collector.stop();
    }
  });

  it('refuses to start without a token key, saying which variable to set', async () => {
    const { AUTH_PUBLIC_KEY_PEM: _unused, ...withoutKey } = env;
    await expect(startServer({ ...withoutKey, AUTH_PUBLIC_KEY_PEM: '' })).rejects.toThrow(/AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE/);
  });
});
