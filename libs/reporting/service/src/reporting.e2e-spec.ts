import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { uuidV7Ids } from '@collections/shared-kernel';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { REPORTING_PROTO_PATH } from '@collections/reporting-contracts';
import { startReportingService, type ReportingService } from './reporting.service';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

describe('reporting service: REST and gRPC on a fresh PostgreSQL database', () => {
  let kit: TestService<ReportingService>;
  let client: Client & Record<string, Unary>;
  let token: string;

  beforeAll(async () => {
    kit = await startServiceForTest('reporting_e2e', (environment) =>
      startReportingService({
        database: environment.database.config,
        verifier: environment.verifier,
        masterKey: environment.masterKey,
        messaging: { kind: 'embedded' },
        http: environment.http,
        grpc: environment.grpc,
        clock: environment.clock,
        ids: uuidV7Ids,
        logLevel: 'silent',
        log: () => undefined,
      }),
    );
    token = await kit.token('tenant-a', 'integrator');
    const definition = loadSync(REPORTING_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true });
    const pkg = loadPackageDefinition(definition) as any;
    client = new pkg.collections.reporting.v1.ReportingService(kit.service.grpcUrl, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer = token): Promise<any> => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };

  it('opens a Reporting over REST and reads it back over REST and gRPC', async () => {
    const opened = await kit.call('POST', '/reporting', { token, idempotencyKey: 'reporting-e2e-0001', body: { title: '  First  ' } });
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({ reportingId: expect.any(String), title: 'First', status: 'open', openedAt: '2026-03-02T12:00:00.000Z', version: 1 });

    const read = await kit.call('GET', `/reporting/${opened.body.reportingId}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(opened.body);

    expect(await call('GetReporting', { reportingId: opened.body.reportingId })).toEqual({ ...opened.body, closedAt: '' });
  });

  it('opens over gRPC; the same Idempotency-Key and request answer the first result', async () => {
    const first = await call('OpenReporting', { idempotencyKey: 'reporting-e2e-0002', title: 'Second' });
    expect(first).toMatchObject({ title: 'Second', status: 'open', version: 1 });
    const again = await kit.call('POST', '/reporting', { token, idempotencyKey: 'reporting-e2e-0002', body: { title: 'Second' } });
    expect(again.body.reportingId).toBe(first.reportingId);
  });

  it('answers invalid input 400, an unknown or another tenant’s id 404 (NOT_FOUND over gRPC), no token 401', async () => {
    const invalid = await kit.call('POST', '/reporting', { token, idempotencyKey: 'reporting-e2e-0003', body: { title: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);

    const opened = await kit.call('POST', '/reporting', { token, idempotencyKey: 'reporting-e2e-0004', body: { title: 'Mine' } });
    const other = await kit.token('tenant-b', 'integrator');
    expect((await kit.call('GET', `/reporting/${opened.body.reportingId}`, { token: other })).status).toBe(404);
    expect((await kit.call('GET', '/reporting/not-a-uuid', { token })).status).toBe(404);
    await expect(call('GetReporting', { reportingId: '0192f6a0-0000-7000-8000-0000000000ff' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect((await kit.call('GET', `/reporting/${opened.body.reportingId}`)).status).toBe(401);
  });
});
