import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PAYMENTS_PROTO_PATH } from '@collections/payments-contracts';
import { eventually } from '@collections/shared-testing';
import { startPaymentsWithDebtors } from './payments-with-debtors';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/** The payments gRPC API: the same use cases as REST, proto fields to the same request parsers. */
describe('payments gRPC API', () => {
  let kit: Awaited<ReturnType<typeof startPaymentsWithDebtors>>;
  let client: Client & Record<string, Unary>;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `payments-grpc-${process.pid}-${++sequence}`;
  const TENANT = 'grpc-credor';

  beforeAll(async () => {
    kit = await startPaymentsWithDebtors('payments_grpc');
    const pkg = loadPackageDefinition(loadSync(PAYMENTS_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true })) as any;
    client = new pkg.collections.payments.v1.PaymentsService(kit.service.payments.grpcUrl, credentials.createInsecure());
    integrator = await kit.token(TENANT, 'integrator', 'supervisor');
    await kit.call('PUT', '/settings', {
      token: integrator,
      body: { pix: { key: '+5511987654321', merchantName: 'Credor gRPC', merchantCity: 'Curitiba', locationBaseUrl: 'pix.grpc.example/cob' }, boleto: null, webhookSecret: 'whsec-grpc-credor-0123456789abcdef01234567' },
    });
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer: string | null = integrator): Promise<any> => {
    const metadata = new Metadata();
    if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };
  const codeOf = (promise: Promise<unknown>): Promise<number> => promise.then(() => status.OK, (error: ServiceError) => error.code);

  it('issues a charge for a debt, reads it back, records a TED on it, and the debt is settled in the debtors service', async () => {
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Paulo Lima', state: 'PR', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', { token: integrator, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, contractReference: 'GRPC-1', originalAmount: { amount: 80_000, currency: 'BRL' }, dueDate: '2026-03-20', lateFeeRate: '0.02' } });
    const issued = await call('IssueCharge', { idempotencyKey: key(), debtIds: [debt.body.debtId], dueDate: '2026-03-20' });
    expect(issued).toMatchObject({ status: 'open', debtIds: [debt.body.debtId], amount: { amount: 80_000, currency: 'BRL' }, agreementId: '', installment: 0, boleto: null });
    expect(issued.pixCopyPaste).toMatch(/^000201/);
    expect(await call('GetCharge', { chargeId: issued.chargeId })).toMatchObject({ chargeId: issued.chargeId, txid: issued.txid });
    const payment = await call('RecordPayment', { idempotencyKey: key(), method: 'ted', reference: 'GRPC-TED-1', amount: { amount: 80_000, currency: 'BRL' }, paidOn: '2026-03-02', chargeId: issued.chargeId });
    expect(payment).toMatchObject({ paymentId: 'ted-GRPC-TED-1', status: 'allocated', allocations: [{ debtId: debt.body.debtId, amount: { amount: 80_000, currency: 'BRL' } }], credit: { amount: 0 } });
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debt.body.debtId}`, { token: integrator })).body.status).toBe('settled'));
  });

  it('validates a boleto line, naming the field whose check digit is wrong', async () => {
    const line = '00190000090114971860168524522114675860000102656';
    expect(await call('ValidateBoletoLine', { line })).toMatchObject({ valid: true, bankCode: '001', amount: { amount: 102_656, currency: 'BRL' } });
    const wrong = await call('ValidateBoletoLine', { line: `${line.slice(0, 3)}2${line.slice(4)}` });
    expect(wrong.valid).toBe(false);
    expect(wrong.problems[0]).toMatch(/field 1/);
  });

  it('answers UNAUTHENTICATED without a token, NOT_FOUND for an id that is none or another tenant, INVALID_ARGUMENT for a bad field', async () => {
    expect(await codeOf(call('GetCharge', { chargeId: '0192f6a0-0000-7000-8000-000000000001' }, null))).toBe(status.UNAUTHENTICATED);
    expect(await codeOf(call('GetCharge', { chargeId: 'not-an-id' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('GetCharge', { chargeId: '0192f6a0-0000-7000-8000-000000000001' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('IssueCharge', { idempotencyKey: key(), debtIds: ['0192f6a0-0000-7000-8000-000000000001'], dueDate: '2026-02-30' }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(call('RecordPayment', { idempotencyKey: key(), method: 'cheque', reference: 'x', amount: { amount: 1, currency: 'BRL' }, paidOn: '2026-03-02' }))).toBe(status.INVALID_ARGUMENT);
  });

  it('answers hostile values over gRPC with a client status, never INTERNAL, and still writes afterwards', async () => {
    const clientErrors = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION]);
    const debtId = '0192f6a0-0000-7000-8000-000000000001';
    const attempts: [string, object][] = [
      // (a lone surrogate cannot reach the server over gRPC: protobuf's UTF-8 makes it U+FFFD, valid text)
      ['IssueCharge', { idempotencyKey: key(), debtIds: ['nul\u0000'], dueDate: '2026-03-20' }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: [debtId], dueDate: '2026-03-20\u0000' }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: [debtId], dueDate: '10000-01-01' }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: [debtId], dueDate: '0000-01-01' }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: [debtId], dueDate: '2026-03-20', amount: { amount: Number.MAX_SAFE_INTEGER + 2, currency: 'BRL' } }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: [debtId], dueDate: '2026-03-20', agreementId: debtId, installment: 2_000_000_000, amount: { amount: 1, currency: 'BRL' } }],
      ['IssueCharge', { idempotencyKey: key(), debtIds: Array.from({ length: 201 }, () => debtId), dueDate: '2026-03-20' }],
      ['GetCharge', { chargeId: '\u0000' }],
      ['RecordPayment', { idempotencyKey: key(), method: 'ted', reference: 'nul\u0000', amount: { amount: 1, currency: 'BRL' }, paidOn: '2026-03-02' }],
      ['RecordPayment', { idempotencyKey: key(), method: 'ted', reference: 'R', amount: { amount: -5, currency: 'BRL' }, paidOn: '2026-03-02' }],
      ['RecordPayment', { idempotencyKey: key(), method: 'ted', reference: 'R', amount: { amount: 1, currency: 'BRL' }, paidOn: '9999-12-31' }],
      ['RecordPayment', { idempotencyKey: key(), method: 'ted', reference: 'R', amount: { amount: 1, currency: 'XXX' }, paidOn: '2026-03-02', chargeId: 'not-an-id' }],
      ['ValidateBoletoLine', { line: '0019\u0000' }],
      ['ValidateBoletoLine', { line: '9'.repeat(5_000) }],
    ];
    for (const [method, request] of attempts) {
      const code = await codeOf(call(method, request));
      expect({ method, request: JSON.stringify(request).slice(0, 120), client: clientErrors.has(code) }).toEqual({ method, request: JSON.stringify(request).slice(0, 120), client: true });
    }
    const after = await call('RecordPayment', { idempotencyKey: key(), method: 'manual', reference: 'AFTER-THE-ATTACKS', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02' });
    expect(after.status).toBe('parked');
  });

  it('answers server reflection listing PaymentsService, as grpcurl uses it', async () => {
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(kit.service.payments.grpcUrl, credentials.createInsecure());
    const services: string[] = await new Promise((resolve, reject) => {
      const stream = reflection.ServerReflectionInfo();
      stream.on('data', (response: any) => {
        resolve(response.list_services_response.service.map((s: { name: string }) => s.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    reflection.close();
    expect(services).toContain('collections.payments.v1.PaymentsService');
  });
});
