import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { CONTACTS_PROTO_PATH } from '@collections/contacts-contracts';
import { eventually } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/** The contacts gRPC API: the same use cases as REST, proto fields straight to the request parsers. */
describe('contacts gRPC API', () => {
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let client: Client & Record<string, Unary>;
  let supervisor: string;
  let integrator: string;
  let templateId: string;
  let sequence = 0;
  const key = (): string => `contacts-grpc-${process.pid}-${++sequence}`;
  const TENANT = 'grpc-tenant';

  beforeAll(async () => {
    kit = await startContactsWithDebtors('contacts_grpc', () => ({}));
    const pkg = loadPackageDefinition(loadSync(CONTACTS_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true })) as any;
    client = new pkg.collections.contacts.v1.ContactsService(kit.service.contacts.grpcUrl, credentials.createInsecure());
    supervisor = await kit.token(TENANT, 'supervisor', 'agent', 'auditor');
    integrator = await kit.token(TENANT, 'integrator');
    await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Credor gRPC S.A.', address: 'Rua XV de Novembro, 10, Curitiba - PR', taxId: '11.222.333/0001-81' } });
    templateId = (
      await kit.call('POST', '/templates', {
        token: supervisor,
        idempotencyKey: key(),
        body: { name: 'E-mail', channel: 'email', subject: 'Débito', body: '{{creditor.name}} {{creditor.taxId}} {{creditor.address}}: {{debtor.firstName}}, {{debt.balance}}.' },
      })
    ).body.templateId;
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer: string | null = supervisor): Promise<any> => {
    const metadata = new Metadata();
    if (bearer) metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };
  const codeOf = (promise: Promise<unknown>): Promise<number> => promise.then(() => status.OK, (error: ServiceError) => error.code);

  it('defines a cadence and reads it back, with conditions and a voice step without a template', async () => {
    const defined = await call('DefineCadence', {
      idempotencyKey: key(),
      name: 'Régua gRPC',
      steps: [
        { stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId, conditions: { agingBuckets: ['1-30'], minBalance: { amount: 1_000, currency: 'BRL' }, debtorKinds: ['person'] } },
        { stepId: 'd10-call', offsetDays: 10, channel: 'voice' },
      ],
    });
    expect(defined).toMatchObject({ name: 'Régua gRPC', segment: 'default', version: 1 });
    expect(defined.steps[0]).toMatchObject({ stepId: 'd1-email', templateId, conditions: { agingBuckets: ['1-30'], minBalance: { amount: 1_000, currency: 'BRL' }, debtorKinds: ['person'] } });
    expect(defined.steps[1]).toMatchObject({ stepId: 'd10-call', channel: 'voice', templateId: '' });
    expect(await call('GetCadence', { cadenceId: defined.cadenceId })).toEqual(defined);
  });

  it('places and releases a hold and reads the timeline of a debt', async () => {
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Rita Alves', state: 'PR', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'G-1', originalAmount: { amount: 50_000, currency: 'BRL' }, dueDate: '2026-02-25', lateFeeRate: '0.02' },
    });
    const debtId: string = debt.body.debtId;
    await eventually(async () => expect((await call('GetContactTimeline', { debtId })).status).toBe('running'));
    const held = await call('PlaceHold', { idempotencyKey: key(), debtId, kind: 'deceased', reason: 'óbito informado' });
    expect(held).toMatchObject({ status: 'paused', holds: [{ holdId: 'deceased', kind: 'deceased' }] });
    const released = await call('ReleaseHold', { idempotencyKey: key(), debtId, holdId: 'deceased' });
    expect(released.status).toBe('running');
    expect(released.entries.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['DebtTracked', 'CadenceStarted', 'CadencePaused', 'CadenceResumed']));
  });

  it('creates, takes, completes and counts call tasks (the work queue)', async () => {
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Caio Reis', state: 'SP', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'G-Q', originalAmount: { amount: 9_000, currency: 'BRL' }, dueDate: '2026-02-25', lateFeeRate: '0.02' },
    });
    await eventually(async () => expect((await kit.call('GET', `/debts/${debt.body.debtId}/contacts`, { token: integrator })).status).toBe(200));
    const created = await call('CreateCallTask', { idempotencyKey: key(), debtId: debt.body.debtId, queue: 'grpc', priority: 2, reason: 'callback' });
    expect(created).toMatchObject({ debtId: debt.body.debtId, queue: 'grpc', priority: 2, reason: 'callback', status: 'queued', holder: '' });
    const agentToken = await kit.tokenAs('agent:grpc', TENANT, 'agent');
    const taken = await call('TakeNextCallTask', { idempotencyKey: key(), queue: 'grpc' }, agentToken);
    expect(taken.task).toMatchObject({ taskId: created.taskId, holder: 'agent:grpc', status: 'held' });
    expect(taken.script).toMatchObject({ segment: 'default', version: 0, steps: expect.arrayContaining([expect.objectContaining({ id: 'identificar', kind: 'identify-right-party' })]) });
    expect(await call('GetCallQueue', { queue: 'grpc' })).toMatchObject({ queue: 'grpc', size: 1, held: 1 });
    expect(await codeOf(call('CompleteCallTask', { idempotencyKey: key(), taskId: created.taskId, outcome: 'right-party-contact', stepsDone: ['debito'] }, agentToken))).toBe(status.FAILED_PRECONDITION);
    // no dialer configured here: click-to-call is refused with its rule
    expect(await codeOf(call('DialCallTask', { idempotencyKey: key(), taskId: created.taskId }, agentToken))).toBe(status.FAILED_PRECONDITION);
    const completion = { idempotencyKey: key(), taskId: created.taskId, outcome: 'callback-requested', callbackAt: '2026-03-03T13:00:00Z', stepsDone: ['identificar'], notes: 'pediu para ligar amanhã' };
    expect(await call('CompleteCallTask', completion, agentToken)).toMatchObject({ status: 'completed' });
    expect(await call('GetCallTask', { taskId: created.taskId }, agentToken)).toMatchObject({ status: 'completed', outcome: 'callback-requested', stepsDone: ['identificar'], notes: 'pediu para ligar amanhã', notesErased: false, script: { version: 0 } });
    expect(await codeOf(call('GetCallTask', { taskId: created.taskId }, await kit.tokenAs('agent:other', TENANT, 'agent')))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(call('GetCallTask', { taskId: 'not-an-id' }))).toBe(status.NOT_FOUND);
    expect((await call('TakeNextCallTask', { idempotencyKey: key(), queue: 'grpc' }, agentToken)).task).toBeNull();
    expect(await codeOf(call('CompleteCallTask', { idempotencyKey: key(), taskId: created.taskId, outcome: 'busy' }, agentToken))).toBe(status.FAILED_PRECONDITION);
  });

  it('maps problems to gRPC status codes: bad input, unknown ids, missing roles, no token', async () => {
    expect(await codeOf(call('DefineCadence', { idempotencyKey: key(), name: 'x', steps: [{ stepId: 'BAD ID', offsetDays: 1, channel: 'email', templateId }] }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(call('GetCadence', { cadenceId: 'not-an-id' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('GetContactTimeline', { debtId: '0192f6a0-0000-7000-8000-000000000099' }))).toBe(status.NOT_FOUND);
    expect(await codeOf(call('DefineCadence', { idempotencyKey: key(), name: 'x', steps: [] }, integrator))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(call('GetCadence', { cadenceId: 'x' }, null))).toBe(status.UNAUTHENTICATED);
  });

  it('answers hostile values over gRPC with a client status, never INTERNAL, and still writes afterwards', async () => {
    const clientErrors = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION]);
    const step = { stepId: 'd1', offsetDays: 1, channel: 'email', templateId };
    const attempts: [string, object][] = [
      ['DefineCadence', { idempotencyKey: key(), name: 'nul\u0000', steps: [step] }],
      // (a lone surrogate cannot reach the server over gRPC: protobuf's UTF-8 makes it U+FFFD, valid text)
      ['DefineCadence', { idempotencyKey: key(), name: 'x', steps: [{ ...step, offsetDays: 2_000_000_000 }] }],
      ['DefineCadence', { idempotencyKey: key(), name: 'x', steps: [{ ...step, templateId: 'not-an-id' }] }],
      ['DefineCadence', { idempotencyKey: key(), name: 'x', steps: [{ ...step, conditions: { minBalance: { amount: Number.MAX_SAFE_INTEGER + 2, currency: 'BRL' } } }] }],
      ['PlaceHold', { idempotencyKey: key(), debtId: '\u0000', kind: 'manual', reason: 'x' }],
      ['PlaceHold', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-000000000098', kind: 'manual', reason: 'nul\u0000' }],
      ['ReleaseHold', { idempotencyKey: key(), debtId: '0192f6a0-0000-7000-8000-000000000098', holdId: '../../etc' }],
    ];
    for (const [method, request] of attempts) {
      const code = await codeOf(call(method, request));
      expect({ method, request, client: clientErrors.has(code) }).toEqual({ method, request, client: true });
    }
    expect((await call('DefineCadence', { idempotencyKey: key(), name: 'after the attacks', steps: [step] })).version).toBe(1);
  });

  it('answers server reflection listing ContactsService, as grpcurl uses it', async () => {
    const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(kit.service.contacts.grpcUrl, credentials.createInsecure());
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
    expect(services).toContain('collections.contacts.v1.ContactsService');
  });
});
