import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { LEGAL_PROTO_PATH } from '@collections/legal-contracts';
import { eventually } from '@collections/shared-testing';
import { startLegalWithDebtors } from './legal-with-debtors';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/** The legal gRPC API: the same use cases as REST, proto fields straight to the request parsers. */
describe('legal gRPC API', () => {
  let kit: Awaited<ReturnType<typeof startLegalWithDebtors>>;
  let client: Client & Record<string, Unary>;
  let admin: string;
  let sequence = 0;
  const key = (): string => `legal-grpc-${process.pid}-${++sequence}`;
  const TENANT = 'grpc-tenant';

  beforeAll(async () => {
    kit = await startLegalWithDebtors('legal_grpc');
    const pkg = loadPackageDefinition(loadSync(LEGAL_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true })) as any;
    client = new pkg.collections.legal.v1.LegalService(kit.service.legal.grpcUrl, credentials.createInsecure());
    admin = await kit.token(TENANT, 'admin', 'supervisor', 'integrator', 'auditor');
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
    await kit?.closeFakes();
  });

  const call = (method: string, request: object, bearer = admin): Promise<any> => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };

  it('sets and reads the policy (0 / "" = the default), and refuses a period below the legal minimum with INVALID_ARGUMENT', async () => {
    const set = await call('SetEscalationPolicy', { idempotencyKey: key(), noticePeriodDays: 15, calendarState: 'RJ' });
    expect(set).toMatchObject({ version: 1, triggerDaysPastDue: 60, noticePeriodDays: 15, legalMinimumNoticeDays: 10, removeOn: 'payment', calendarState: 'RJ' });
    expect(await call('GetEscalationPolicy', {})).toEqual(set);
    await expect(call('SetEscalationPolicy', { idempotencyKey: key(), noticePeriodDays: 5 })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('sets and reads segment overrides (an absent term is the tenant\'s), and refuses one below the legal minimum naming it', async () => {
    const boss = await kit.token('grpc-segments', 'admin', 'supervisor');
    const set = await call('SetEscalationPolicy', { idempotencyKey: key(), segments: { cartao: { triggerDaysPastDue: 30, protest: true }, veiculo: { noticePeriodDays: 20 } } }, boss);
    expect(set).toMatchObject({ version: 1, triggerDaysPastDue: 60, protest: false, segments: { cartao: { triggerDaysPastDue: 30, protest: true }, veiculo: { noticePeriodDays: 20 } } });
    expect(set.segments.cartao.noticePeriodDays ?? null).toBeNull();
    expect((await call('GetEscalationPolicy', {}, boss)).segments).toEqual(set.segments);
    const rest = await kit.call('GET', '/escalation-policy', { token: boss });
    expect(rest.body.segments).toEqual({ cartao: { triggerDaysPastDue: 30, protest: true }, veiculo: { noticePeriodDays: 20 } });
    await expect(call('SetEscalationPolicy', { idempotencyKey: key(), segments: { cartao: { noticePeriodDays: 3 } } }, boss)).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('segments.cartao.noticePeriodDays'),
    });
  });

  it("reads a debt's escalation, refuses a listing without a notice with FAILED_PRECONDITION, lists the removals; another tenant's debt is NOT_FOUND", async () => {
    const integrator = await kit.token(TENANT, 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Rui Alves', state: 'RJ', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'G-1', originalAmount: { amount: 50_000, currency: 'BRL' }, dueDate: '2026-01-01', lateFeeRate: '0.02' },
    });
    const debtId: string = debt.body.debtId;
    const escalation = await eventually(async () => {
      const read = await call('GetEscalation', { debtId });
      expect(read.overdueSince).toBe('2026-01-01');
      return read;
    });
    expect(escalation).toMatchObject({ debtId, noticeStatus: 'none', settled: false });
    expect(escalation.timeline.map((t: { type: string }) => t.type)).toContain('EscalationDebtFactObserved');
    const refused = call('RequestListing', { idempotencyKey: key(), debtId, bureaus: ['serasa'] });
    await expect(refused).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    await expect(refused).rejects.toMatchObject({ details: expect.stringContaining('no prior notice was sent') });
    expect(await call('ListRemovals', { status: 'overdue' })).toMatchObject({ asOf: '2026-03-02', removals: [] });
    // protest is off in this tenant's policy: refused with the rule; the lawsuit hand-off goes through
    await expect(call('RequestProtest', { idempotencyKey: key(), debtId })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    await expect(call('RecordProtestNotice', { idempotencyKey: key(), debtId, notifiedOn: 'yesterday' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(await call('HandOffLawsuit', { idempotencyKey: key(), debtId, lawFirm: 'Silva Advogados' })).toMatchObject({ debtId, lawsuitLawFirm: 'Silva Advogados', protestStatus: 'none' });
    const other = await kit.token('another-tenant', 'admin');
    await expect(call('GetEscalation', { debtId }, other)).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(call('GetEscalation', { debtId: 'not-an-id' })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('answers hostile messages on every method with a client error (never INTERNAL or UNKNOWN), and still writes afterwards', async () => {
    const nul = 'Silva\u0000Advogados';
    const surrogate = 'Silva \ud800';
    const cases: [string, object][] = [
      ['SetEscalationPolicy', { idempotencyKey: key(), calendarState: 'S\u0000P' }],
      ['SetEscalationPolicy', { idempotencyKey: key(), removeOn: surrogate }],
      ['SetEscalationPolicy', { idempotencyKey: key(), triggerDaysPastDue: 2_147_483_647 }],
      ['SetEscalationPolicy', { idempotencyKey: key(), noticePeriodDays: -5 }],
      ['GetEscalation', { debtId: '\u0000' }],
      ['GetEscalation', { debtId: surrogate }],
      ['RequestListing', { idempotencyKey: key(), debtId: 'not-an-id', bureaus: ['serasa'] }],
      ['RequestListing', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-0000000000ff', bureaus: [nul] }],
      ['ListRemovals', { status: nul }],
      ['RequestProtest', { idempotencyKey: key(), debtId: '9'.repeat(40) }],
      ['RecordProtestNotice', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-0000000000ff', notifiedOn: '0000-01-01' }],
      ['RecordProtestNotice', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-0000000000ff', notifiedOn: '10000-01-01' }],
      ['HandOffLawsuit', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-0000000000ff', lawFirm: nul }],
      ['HandOffLawsuit', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-0000000000ff', lawFirm: surrogate }],
    ];
    const failures: string[] = [];
    for (const [method, message] of cases) {
      try {
        await call(method, message);
        failures.push(`${method} ${JSON.stringify(message)}: accepted`);
      } catch (error) {
        const code = (error as ServiceError).code;
        if (![status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION].includes(code)) failures.push(`${method} ${JSON.stringify(message)}: ${status[code]}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await call('SetEscalationPolicy', { idempotencyKey: key(), noticePeriodDays: 20 })).toMatchObject({ noticePeriodDays: 20 });
  });

  it('answers server reflection listing LegalService, as grpcurl uses it', async () => {
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(kit.service.legal.grpcUrl, credentials.createInsecure());
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
    expect(services).toContain('collections.legal.v1.LegalService');
  });
});
