import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { NEGOTIATION_PROTO_PATH } from '@collections/negotiation-contracts';
import { policyBody, startNegotiationWithDebtors, type NegotiationKit } from './negotiation-with-debtors';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/** The negotiation gRPC API: the same use cases as REST, proto fields straight to the request parsers. */
describe('negotiation gRPC API', () => {
  let kit: NegotiationKit;
  let client: Client & Record<string, Unary>;
  let agent: string;
  let integrator: string;
  let debtId: string;
  let sequence = 0;
  const key = (): string => `neg-grpc-${process.pid}-${++sequence}`;
  const TENANT = 'neg-grpc';

  beforeAll(async () => {
    kit = await startNegotiationWithDebtors('negotiation_grpc');
    const pkg = loadPackageDefinition(loadSync(NEGOTIATION_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true })) as any;
    client = new pkg.collections.negotiation.v1.NegotiationService(kit.service.grpcUrl, credentials.createInsecure());
    agent = await kit.token(TENANT, 'agent');
    integrator = await kit.token(TENANT, 'integrator');
    const supervisor = await kit.token(TENANT, 'supervisor');
    expect((await kit.call('PUT', '/policy', { token: supervisor, idempotencyKey: key(), body: policyBody() })).status).toBe(200);
    debtId = (await kit.registerDebt(integrator)).debtId;
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer: string | null = agent): Promise<any> => {
    const metadata = new Metadata();
    if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };
  const codeOf = (promise: Promise<unknown>): Promise<number> => promise.then(() => status.OK, (error: ServiceError) => error.code);

  it('simulates, makes and accepts an offer, and reads the agreement back', async () => {
    const request = { debtId, kind: 'installments', count: 4, firstDueDate: '2026-03-10' };
    const simulated = await call('Simulate', request);
    expect(simulated).toMatchObject({ offerId: '', status: 'simulated', policyVersion: 1, asOf: '2026-03-02' });
    const made = await call('MakeOffer', { ...request, idempotencyKey: key() });
    expect(made).toMatchObject({ status: 'open', total: simulated.total });
    expect(made.schedule.map((i: { amount: unknown }) => i.amount)).toEqual(simulated.schedule.map((i: { amount: unknown }) => i.amount));
    const agreement = await call('AcceptOffer', { idempotencyKey: key(), offerId: made.offerId });
    expect(agreement).toMatchObject({ offerId: made.offerId, status: 'active', debtIds: [debtId], total: made.total });
    expect(agreement.installments).toHaveLength(4);
    expect(await call('GetAgreement', { agreementId: agreement.agreementId })).toMatchObject({ agreementId: agreement.agreementId, status: 'active' });
    // a second acceptance: the kit maps the 409 problem to ALREADY_EXISTS
    expect(await codeOf(call('AcceptOffer', { idempotencyKey: key(), offerId: made.offerId }))).toBe(status.ALREADY_EXISTS);
  });

  it('answers bad calls with a client status, never INTERNAL', async () => {
    expect(await codeOf(call('Simulate', { debtId, kind: 'installments', count: 0, firstDueDate: '2026-03-10' }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(call('Simulate', { debtId, kind: 'installments', count: 40, firstDueDate: '2026-03-10' }))).toBe(status.FAILED_PRECONDITION);
    expect(await codeOf(call('Simulate', { debtId, kind: 'barter' }))).toBe(status.INVALID_ARGUMENT);
    // a NUL byte is refused by the kit's untrusted-input guard before any parser
    expect(await codeOf(call('Simulate', { debtId: 'nul\u0000', kind: 'cash' }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(call('Simulate', { debtId: 'not-an-id', kind: 'cash' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('MakeOffer', { idempotencyKey: key(), debtId, kind: 'cash', discount: { amount: Number.MAX_SAFE_INTEGER + 2, currency: 'BRL' } }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(call('MakeOffer', { idempotencyKey: key(), debtId, kind: 'installments', count: 12, firstDueDate: '2026-03-10', declaredIncome: { amount: 10_000, currency: 'BRL' } }))).toBe(status.FAILED_PRECONDITION);
    expect(await codeOf(call('GetAgreement', { agreementId: 'not-an-id' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('AcceptOffer', { idempotencyKey: key(), offerId: '0192f6a0-0000-7000-8000-000000000099' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('GetAgreement', { agreementId: 'x' }, null))).toBe(status.UNAUTHENTICATED);
  });

  it('answers server reflection listing NegotiationService, as grpcurl uses it', async () => {
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(kit.service.grpcUrl, credentials.createInsecure());
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
    expect(services).toContain('collections.negotiation.v1.NegotiationService');
  });
});
