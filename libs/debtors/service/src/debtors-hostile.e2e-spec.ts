import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PGlite } from '@electric-sql/pglite';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';
import type { DebtorsServiceOptions } from './debtors.service';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/** Where the service runs: server mode (PostgreSQL, Kafka), and embedded mode (PGlite behind its session guard). */
const BACKENDS: [string, () => Promise<{ overrides: Partial<DebtorsServiceOptions>; stop(): Promise<void> }>][] = [
  ['server mode: PostgreSQL and Kafka', async () => ({ overrides: {}, stop: async () => undefined })],
  [
    'embedded mode: PGlite',
    async () => {
      const db = new PGlite();
      const served: ServedPglite = await servePglite(db);
      return {
        overrides: { database: served.database, singleConnection: true, messaging: { kind: 'embedded' } },
        async stop() {
          await served.stop();
          await db.close();
        },
      };
    },
  ],
];

/**
 * The attacks every route must meet before it ships, REST side: hostile values in every
 * field (NUL, lone surrogates, nesting thousands deep, numbers past 2^53, dates outside
 * 0001-9999), ids that are not ids, and another tenant's ids. Each answer is a 4xx
 * problem that names the field (never a 5xx, never a hint about another tenant), and
 * the service still writes afterwards.
 */
describe.each(BACKENDS)('debtors REST and gRPC under hostile input and a second tenant (%s)', (_name, backend) => {
  let kit: DebtorsTestKit;
  let stopBackend: () => Promise<void>;
  let grpc: Client & Record<string, Unary>;
  let token: string;
  let other: string;
  let debtorId: string;
  let contactPointId: string;
  let debtId: string;

  beforeAll(async () => {
    const started = await backend();
    stopBackend = started.stop;
    kit = await startDebtorsTestKit('debtors_hostile', started.overrides);
    const definition = loadSync(DEBTORS_PROTO_PATH, { keepCase: false, longs: String, enums: String, defaults: true });
    grpc = new (loadPackageDefinition(definition) as any).collections.debtors.v1.DebtorsService(kit.service.grpcUrl, credentials.createInsecure());
    token = await kit.token('hostile-a', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    const debtor = (await kit.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody() })).body;
    debtorId = debtor.debtorId;
    contactPointId = debtor.contactPoints[0].id;
    debtId = (await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId) })).body.debtId;
  });
  afterAll(async () => {
    grpc?.close();
    await kit?.close();
    await stopBackend?.();
  });

  const rpc = (method: string, request: object, bearer = token): Promise<any> => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${bearer}`);
    return new Promise((resolve, reject) => grpc[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };
  const rpcStatus = (method: string, request: object, bearer = token): Promise<number> => rpc(method, request, bearer).then(() => status.OK, (error: ServiceError) => error.code);
  /** What a client may be told of bad input: never INTERNAL or UNKNOWN, never OK. */
  const CLIENT_ERRORS = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION, status.ALREADY_EXISTS, status.ABORTED, status.OUT_OF_RANGE]);

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['POST', '/debtors', debtorBody({ taxId: '111.444.777-35' })],
    ['PUT', `/debtors/${debtorId}/contact-points`, { contactPoints: debtorBody().contactPoints }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/consent`, { consent: 'granted' }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/opt-out`, { reason: 'pare' }],
    ['POST', '/debts', debtBody(debtorId, { contractReference: 'HOSTILE-1', installments: [{ number: 1, amount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10' }] })],
    ['POST', `/debts/${debtId}/payments`, { paymentId: 'pix-1', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-01' }],
    ['POST', `/debts/${debtId}/payments/pix-1/reversal`, { reversedOn: '2026-03-02', reason: 'chargeback' }],
    ['POST', `/debts/${debtId}/dispute`, { reason: 'não reconheço' }],
    ['POST', `/debts/${debtId}/dispute/resolution`, { outcome: 'upheld' }],
    ['POST', `/debts/${debtId}/write-off`, { reason: 'prescrita' }],
  ];

  it('answers a hostile value in any field of any write with a 4xx problem, and still writes afterwards', async () => {
    const failures: string[] = [];
    for (const [method, url, valid] of writes()) {
      for (const leaf of leaves(valid)) {
        for (const hostile of hostileValues(leaf.value)) {
          const rawBody = hostileBody(valid, leaf.path, hostile);
          const response = await kit.call(method, url, { token, idempotencyKey: key(), rawBody });
          if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`${method} ${url} ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId, { contractReference: 'AFTER-HOSTILE' }) });
    expect(after.status).toBe(201);
  });

  it('answers a hostile portfolio import with row errors or a 4xx problem, never a 5xx, and the rebuild of an unknown read model with a 4xx', async () => {
    const header = 'taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate';
    const rows = [
      `111.444.777-35,Ana\u0000,SP,,,,IMP-NUL,10.00,BRL,2026-01-10,0.02`,
      // (a lone surrogate cannot reach a CSV body: UTF-8 encoding makes it U+FFFD, valid text)
      `111.444.777-35,Ana,SP,,,,IMP-BIG,${'9'.repeat(20)}.00,BRL,2026-01-10,0.02`,
      `111.444.777-35,Ana,SP,,,,IMP-EXP,1e300,BRL,2026-01-10,0.02`,
      `111.444.777-35,Ana,SP,,,,IMP-DATE,10.00,BRL,10000-01-01,0.02`,
      `111.444.777-35,Ana,SP,,,,IMP-LAST,10.00,BRL,9999-12-31,0.02`,
      `111.444.777-35,Ana,SP,,,,IMP-RATE,10.00,BRL,2026-01-10,1e300`,
    ];
    const csv = await kit.call('POST', '/imports', { token, rawBody: [header, ...rows].join('\n'), headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBeLessThan(500);
    if (csv.status < 300) expect(csv.body).toMatchObject({ rows: rows.length, imported: 0, failed: rows.length });
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const ndjson = await kit.call('POST', '/imports', { token, rawBody: `{"taxId":${deep}}\n`, headers: { 'content-type': 'application/x-ndjson' } });
    expect(ndjson.status).toBeLessThan(500);
    const operator = await kit.token('platform', 'platform-operator');
    for (const name of ['no-such-model', '%00', '%ED%A0%80' /* a lone surrogate, as UTF-8 bytes */]) {
      const rebuild = await kit.call('POST', `/admin/projections/${name}/rebuild`, { token: operator, idempotencyKey: key() });
      expect({ name, status: rebuild.status >= 400 && rebuild.status < 500 ? '4xx' : rebuild.status }).toEqual({ name, status: '4xx' });
    }
    expect((await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId, { contractReference: 'AFTER-IMPORT' }) })).status).toBe(201);
  });

  it('keeps a balance computable whatever amount and rate were accepted: no overflow past 2^53 centavos later', async () => {
    const register = (reference: string, amount: number, monthlyInterestRate: string) =>
      kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId, { contractReference: reference, originalAmount: { amount, currency: 'BRL' }, dueDate: '1900-01-01', monthlyInterestRate }) });
    // the largest título and the highest rate accepted, due as early as accepted ...
    const largest = await register('LARGEST-1', 10_000_000_000_000, '0.10');
    expect(largest.status).toBe(201);
    // ... keep their balance computable on the latest date a balance can be asked for
    const read = await kit.call('GET', `/debts/${largest.body.debtId}?asOf=2199-12-31`, { token });
    expect(read.status).toBe(200);
    expect(Number.isSafeInteger(read.body.balance.totalDue.amount)).toBe(true);
    // past those bounds: refused at registration, naming the field
    const tooLarge = await register('LARGEST-2', 10_000_000_000_001, '0.10');
    expect(tooLarge.status).toBe(400);
    expect(JSON.stringify(tooLarge.body.errors)).toContain('originalAmount');
    const tooDear = await register('LARGEST-3', 1_000, '0.11');
    expect(tooDear.status).toBe(400);
    expect(JSON.stringify(tooDear.body.errors)).toContain('monthlyInterestRate');
    expect((await kit.call('GET', `/debts/${largest.body.debtId}?asOf=2200-01-01`, { token })).status).toBe(400);
  });

  it('answers reads whose ids, dates and page tokens are not what they claim with a 4xx problem', async () => {
    const failures: string[] = [];
    for (const url of [
      `/debtors/not-an-id`,
      `/debtors/${encodeURIComponent('\u0000')}`,
      `/debts/${debtId}?asOf=0000-01-01`,
      `/debts/${debtId}?asOf=10000-01-01`,
      `/debts?debtorId=not-an-id`,
      `/debts?pageToken=${encodeURIComponent('eyJ4IjoxfQ')}`,
      `/debts?pageToken=%00`,
      `/audit/debts/${debtId}/state?at=${encodeURIComponent('+275760-09-13T00:00:00Z')}`,
      `/audit/debts/${debtId}/state?at=0000-01-01T00:00:00Z`,
    ]) {
      const response = await kit.call('GET', url, { token });
      if (!isProblemNaming(response, undefined)) failures.push(`GET ${url}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('treats an id written in upper case as the same id on every route, the erasure included', async () => {
    const d = (await kit.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody({ taxId: '714.602.380-01' }) })).body;
    const upper = String(d.debtorId).toUpperCase();
    const contactPoint = String(d.contactPoints[0].id).toUpperCase();
    expect((await kit.call('GET', `/debtors/${upper}`, { token })).body.debtorId).toBe(d.debtorId);
    expect((await kit.call('POST', `/debtors/${upper}/contact-points/${contactPoint}/opt-out`, { token, idempotencyKey: key(), body: { reason: 'pare' } })).status).toBe(200);
    expect((await kit.call('POST', `/debtors/${upper}/erasure`, { token, idempotencyKey: key() })).status).toBe(200);
    // the key of the debtor itself was destroyed, not one of an id that does not exist
    expect((await kit.call('GET', `/debtors/${d.debtorId}`, { token })).body).toMatchObject({ erased: true, name: '[erased]' });
  });

  it('tells another tenant nothing: its calls on our ids answer exactly as on ids nobody uses', async () => {
    const unused = '0193a0e0-0000-7000-8000-000000000001';
    const failures: string[] = [];
    const pairs: [string, string, (id: string) => string, unknown?][] = [
      ['GET', 'debtor', (id) => `/debtors/${id}`],
      ['GET', 'debt', (id) => `/debts/${id}`],
      ['POST', 'debt payment', (id) => `/debts/${id}/payments`, { paymentId: 'x-1', amount: { amount: 1, currency: 'BRL' }, paidOn: '2026-03-01' }],
      ['POST', 'payment reversal', (id) => `/debts/${id}/payments/x-1/reversal`, { reversedOn: '2026-03-02', reason: 'chargeback' }],
      ['POST', 'erasure', (id) => `/debtors/${id}/erasure`, {}],
      ['GET', 'history', (id) => `/audit/debts/${id}/history`],
    ];
    for (const [method, what, url, body] of pairs) {
      const ours = what.startsWith('debtor') || what === 'erasure' ? debtorId : debtId;
      const a = await kit.call(method, url(ours), { token: other, ...(body !== undefined ? { body, idempotencyKey: key() } : {}) });
      const b = await kit.call(method, url(unused), { token: other, ...(body !== undefined ? { body, idempotencyKey: key() } : {}) });
      if (a.status !== b.status || a.body?.title !== b.body?.title) failures.push(`${method} ${what}: ours ${a.status} ${a.body?.title}, unused ${b.status} ${b.body?.title}`);
    }
    // registering under an id another tenant uses answers exactly as reusing one's own id does
    const own = (await kit.call('POST', '/debtors', { token: other, idempotencyKey: key(), body: debtorBody({ taxId: '390.533.447-05' }) })).body;
    const ownDebt = (await kit.call('POST', '/debts', { token: other, idempotencyKey: key(), body: debtBody(own.debtorId, { contractReference: 'B-1' }) })).body;
    const answer = (r: { status: number; body: any }, id: string) => `${r.status} ${r.body?.title} ${String(r.body?.detail).replace(id, '<id>')}`;
    const againOwn = await kit.call('POST', '/debtors', { token: other, idempotencyKey: key(), body: debtorBody({ debtorId: own.debtorId, taxId: '390.533.447-05' }) });
    const takenDebtor = await kit.call('POST', '/debtors', { token: other, idempotencyKey: key(), body: debtorBody({ debtorId, taxId: '390.533.447-05' }) });
    expect(againOwn.status).toBeGreaterThanOrEqual(400);
    expect(answer(takenDebtor, debtorId)).toBe(answer(againOwn, own.debtorId));
    const againOwnDebt = await kit.call('POST', '/debts', { token: other, idempotencyKey: key(), body: debtBody(own.debtorId, { debtId: ownDebt.debtId, contractReference: 'B-2' }) });
    const takenDebt = await kit.call('POST', '/debts', { token: other, idempotencyKey: key(), body: debtBody(own.debtorId, { debtId, contractReference: 'B-2' }) });
    expect(againOwnDebt.status).toBeGreaterThanOrEqual(400);
    expect(answer(takenDebt, debtId)).toBe(answer(againOwnDebt, ownDebt.debtId));
    expect(failures).toEqual([]);
    // and tenant A's debtor and debt are untouched
    expect((await kit.call('GET', `/debtors/${debtorId}`, { token })).body.name).toBe('Maria da Silva');
    expect((await kit.call('GET', `/debts/${debtId}`, { token })).status).toBe(200);
  });

  it('answers hostile values in gRPC requests with a client error status, and still writes afterwards', async () => {
    const failures: string[] = [];
    const money = (amount: string) => ({ amount, currency: 'BRL' });
    const cases: [string, object][] = [
      ['RegisterDebtor', { idempotencyKey: key(), taxId: '111.444.777-35', name: 'Ana\u0000', state: 'SP', timeZone: 'America/Sao_Paulo' }],
      ['RegisterDebtor', { idempotencyKey: key(), taxId: '111.444.777-35', name: 'Ana', state: 'SP\u0000', timeZone: 'America/Sao_Paulo' }],
      ['RegisterDebtor', { idempotencyKey: key(), taxId: '111.444.777-35', name: 'Ana', state: 'SP', timeZone: 'America/Sao_Paulo', declaredMonthlyIncome: money('9223372036854775807') }],
      ['RegisterDebtor', { idempotencyKey: key(), debtorId: 'not-an-id', taxId: '111.444.777-35', name: 'Ana', state: 'SP', timeZone: 'America/Sao_Paulo' }],
      ['RegisterDebt', { idempotencyKey: key(), debtorId, contractReference: 'G\u0000', originalAmount: money('1000'), dueDate: '2026-01-10', lateFeeRate: '0.02' }],
      ['RegisterDebt', { idempotencyKey: key(), debtorId, contractReference: 'G-1', originalAmount: money('9223372036854775807'), dueDate: '2026-01-10', lateFeeRate: '0.02' }],
      ['RegisterDebt', { idempotencyKey: key(), debtorId, contractReference: 'G-2', originalAmount: money('1000'), dueDate: '9999-12-31', lateFeeRate: '0.02' }],
      ['RegisterDebt', { idempotencyKey: key(), debtorId, contractReference: 'G-3', originalAmount: money('1000'), dueDate: '2026-01-10', lateFeeRate: '0.02', monthlyInterestRate: '1e300' }],
      ['RegisterDebt', { idempotencyKey: key(), debtorId: 'not-an-id', contractReference: 'G-4', originalAmount: money('1000'), dueDate: '2026-01-10', lateFeeRate: '0.02' }],
      ['GetDebt', { debtId, balanceAsOf: '10000-01-01' }],
      ['GetDebt', { debtId: 'not-an-id' }],
      ['GetDebtor', { debtorId: '\u0000' }],
      ['ListDebts', { status: 'open\u0000' }],
      ['ListDebts', { pageToken: 'not-a-token' }],
      ['RecordPayment', { idempotencyKey: key(), debtId, paymentId: 'p\u0000', amount: money('100'), paidOn: '2026-03-01' }],
      ['RecordPayment', { idempotencyKey: key(), debtId, paymentId: 'p-big', amount: money('9223372036854775807'), paidOn: '2026-03-01' }],
      ['RecordPayment', { idempotencyKey: key(), debtId, paymentId: 'p-date', amount: money('100'), paidOn: '0000-01-01' }],
      ['OpenDispute', { idempotencyKey: key(), debtId, reason: 'x\u0000' }],
      // (a lone surrogate cannot cross the wire: protobuf encodes it as U+FFFD, valid text)
      ['WriteOff', { idempotencyKey: key(), debtId, reason: 'x\u0000' }],
      ['RecordOptOut', { idempotencyKey: key(), debtorId, contactPointId, reason: 'x\u0000' }],
      ['UpdateContactPoints', { idempotencyKey: key(), debtorId, contactPoints: [{ kind: 'phone', value: '+55\u000011987654321', consent: 'granted' }] }],
      ['RequestErasure', { idempotencyKey: key(), debtorId: 'not-an-id' }],
    ];
    for (const [method, request] of cases) {
      const code = await rpcStatus(method, request);
      if (!CLIENT_ERRORS.has(code)) failures.push(`${method} ${JSON.stringify(request).slice(0, 160)}: ${status[code]}`);
    }
    // another tenant's ids read as ids nobody uses
    const unused = '0193a0e0-0000-7000-8000-000000000001';
    for (const [method, ours, none] of [
      ['GetDebtor', { debtorId }, { debtorId: unused }],
      ['GetDebt', { debtId }, { debtId: unused }],
      ['RecordPayment', { idempotencyKey: key(), debtId, paymentId: 'x', amount: money('1'), paidOn: '2026-03-01' }, { idempotencyKey: key(), debtId: unused, paymentId: 'x', amount: money('1'), paidOn: '2026-03-01' }],
    ] as [string, object, object][]) {
      const [a, b] = [await rpcStatus(method, ours, other), await rpcStatus(method, none, other)];
      if (a !== b) failures.push(`${method} as another tenant: ours ${status[a]}, unused ${status[b]}`);
    }
    expect(failures).toEqual([]);
    const after = await rpc('RegisterDebt', { idempotencyKey: key(), debtorId, contractReference: 'AFTER-GRPC', originalAmount: money('1000'), dueDate: '2026-01-10', lateFeeRate: '0.02' });
    expect(after.debtId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
