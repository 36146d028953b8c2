import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

// Idempotency is keyed on the command, not on the transport's route: the same key and
// the same command over REST and over gRPC are one request.
describe('debtors idempotency across transports (PostgreSQL)', () => {
  let kit: DebtorsTestKit;
  let client: Client & Record<string, Unary>;
  let token: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_idempotency', { messaging: { kind: 'embedded' } });
    token = await kit.token('cooperativa-azul', 'integrator', 'admin');
    const pkg = loadPackageDefinition(loadSync(DEBTORS_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true })) as any;
    client = new pkg.collections.debtors.v1.DebtorsService(kit.service.grpcUrl, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const grpc = (method: string, request: object): Promise<any> => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };

  it('answers a gRPC repeat of a REST command with the first answer, without running it again', async () => {
    const debtorKey = key();
    const body = { taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', timeZone: 'America/Sao_Paulo', contactPoints: [] };
    const rest = await kit.call('POST', '/debtors', { token, idempotencyKey: debtorKey, body });
    expect(rest.status).toBe(201);
    const viaGrpc = await grpc('RegisterDebtor', { idempotencyKey: debtorKey, ...body });
    expect(viaGrpc).toMatchObject({ debtorId: rest.body.debtorId, version: 1 });

    const debtKey = key();
    const debt = await grpc('RegisterDebt', {
      idempotencyKey: debtKey,
      debtorId: rest.body.debtorId,
      contractReference: 'IDEM-1',
      originalAmount: { amount: 10_000, currency: 'BRL' },
      dueDate: '2026-02-10',
    });
    const again = await kit.call('POST', '/debts', {
      token,
      idempotencyKey: debtKey,
      body: { debtorId: rest.body.debtorId, contractReference: 'IDEM-1', originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-10' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ debtId: debt.debtId, version: 3 }); // registered already past due (the test clock is 2026-03-02): classified at once

    const history = await kit.call('GET', `/audit/debts/${debt.debtId}/history`, { token });
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['DebtRegistered', 'DebtBecameOverdue', 'DebtAgingBucketChanged']); // registered once
  });

  it('refuses the same key for a different command, whatever the transport', async () => {
    const sharedKey = key();
    const body = { taxId: '111.444.777-35', name: 'João Pereira', state: 'CE', timeZone: 'America/Fortaleza', contactPoints: [] };
    expect((await kit.call('POST', '/debtors', { token, idempotencyKey: sharedKey, body })).status).toBe(201);
    await expect(grpc('RegisterDebtor', { idempotencyKey: sharedKey, ...body, name: 'Outro Nome' })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
  });
});
