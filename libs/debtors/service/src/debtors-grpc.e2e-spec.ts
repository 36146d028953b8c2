import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

describe('debtors gRPC API (PostgreSQL, Kafka)', () => {
  let kit: DebtorsTestKit;
  let client: Client & Record<string, Unary>;
  let token: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_grpc');
    token = await kit.token('cooperativa-verde', 'integrator', 'admin');
    const definition = loadSync(DEBTORS_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true });
    const pkg = loadPackageDefinition(definition) as any;
    client = new pkg.collections.debtors.v1.DebtorsService(kit.service.grpcUrl, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer: string | null = token): Promise<any> => {
    const metadata = new Metadata();
    if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };

  it('registers a debtor and a debt and reads the balance as of a date', async () => {
    const debtor = await call('RegisterDebtor', {
      idempotencyKey: key(),
      taxId: '529.982.247-25',
      name: 'Maria da Silva',
      state: 'SP',
      timeZone: 'America/Sao_Paulo',
      contactPoints: [{ kind: 'phone', value: '+5511987654321', consent: 'granted' }],
    });
    expect(debtor).toMatchObject({ kind: 'person', taxId: '52998224725', name: 'Maria da Silva', erased: false });
    expect(debtor.contactPoints[0]).toMatchObject({ kind: 'phone', value: '+5511987654321', consent: 'granted' });

    const debt = await call('RegisterDebt', {
      idempotencyKey: key(),
      debtorId: debtor.debtorId,
      contractReference: 'GRPC-1',
      originalAmount: { amount: 150_000, currency: 'BRL' },
      dueDate: '2026-01-10',
      lateFeeRate: '0.02',
    });
    expect(debt).toMatchObject({ status: 'overdue', originalAmount: { amount: 150_000, currency: 'BRL' } }); // registered already past due (the test clock is 2026-03-02): classified at once
    const later = await call('GetDebt', { debtId: debt.debtId, balanceAsOf: '2026-02-09' });
    expect(later.balance).toMatchObject({ daysPastDue: 30, totalDue: { amount: 154_500 } });

    // a PIX payment of everything owed on 2026-02-09 settles it; the same payment again changes nothing
    const payment = { idempotencyKey: key(), debtId: debt.debtId, paymentId: 'E2E-PIX-1', amount: { amount: 154_500, currency: 'BRL' }, paidOn: '2026-02-09' };
    expect(await call('RecordPayment', payment)).toMatchObject({ status: 'settled' });
    // registration, classified overdue at once (3 events), then the payment and the settlement (2): version 5
    expect(await call('RecordPayment', { ...payment, idempotencyKey: key() })).toMatchObject({ status: 'settled', version: 5 });
    await expect(call('RecordPayment', { idempotencyKey: key(), debtId: debt.debtId, paymentId: 'E2E-PIX-2', amount: { amount: -5, currency: 'BRL' }, paidOn: '2026-02-10' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('records an opt-out and a consent for one contact point', async () => {
    const debtor = await call('RegisterDebtor', {
      idempotencyKey: key(),
      taxId: '390.533.447-05',
      name: 'João Souza',
      state: 'RJ',
      contactPoints: [
        { kind: 'whatsapp', value: '+5521987654321', consent: 'granted' },
        { kind: 'email', value: 'joao@example.com', consent: 'granted' },
      ],
    });
    const [whatsapp, email] = debtor.contactPoints;
    const optedOut = await call('RecordOptOut', { idempotencyKey: key(), debtorId: debtor.debtorId, contactPointId: whatsapp.id, reason: 'SAIR' });
    expect(optedOut.contactPoints[0]).toMatchObject({ id: whatsapp.id, optedOut: true });
    const withdrawn = await call('RecordContactConsent', { idempotencyKey: key(), debtorId: debtor.debtorId, contactPointId: email.id, consent: 'not_granted' });
    expect(withdrawn.contactPoints[1]).toMatchObject({ id: email.id, consent: 'not_granted', optedOut: false });
    await expect(call('RecordContactConsent', { idempotencyKey: key(), debtorId: debtor.debtorId, contactPointId: email.id, consent: 'perhaps' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/consent/),
    });
  });

  it('maps refusals to gRPC status codes with the fields in the message', async () => {
    await expect(call('RegisterDebtor', { idempotencyKey: key(), taxId: '123', name: 'X', state: 'SP' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/taxId/),
    });
    await expect(call('GetDebt', { debtId: '0192f6a0-0000-7000-8000-000000000099' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(call('GetDebtor', { debtorId: '0192f6a0-0000-7000-8000-000000000099' }, null)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    const agent = await kit.token('cooperativa-verde', 'agent');
    await expect(call('RegisterDebtor', { idempotencyKey: key(), taxId: '52998224725', name: 'X', state: 'SP' }, agent)).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('does not show one tenant’s debtor to another', async () => {
    const debtor = await call('RegisterDebtor', { idempotencyKey: key(), taxId: '111.444.777-35', name: 'Ana', state: 'RJ', timeZone: 'America/Sao_Paulo' });
    const other = await kit.token('another-creditor', 'integrator', 'admin');
    await expect(call('GetDebtor', { debtorId: debtor.debtorId }, other)).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('answers server reflection, as grpcurl uses it, listing DebtorsService', async () => {
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(kit.service.grpcUrl, credentials.createInsecure());
    const services = await new Promise<string[]>((resolve, reject) => {
      const stream = reflection.ServerReflectionInfo();
      stream.on('data', (message: any) => {
        resolve(message.list_services_response.service.map((s: { name: string }) => s.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    reflection.close();
    expect(services).toContain('collections.debtors.v1.DebtorsService');
  });
});
