import fc from 'fast-check';
import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

const TENANT = 'fuzz-credor';
// FUZZ_RUNS=2000 npm test -- debtors-fuzz searches harder (CI runs the default)
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);

/**
 * "Bad input of every kind gets a 4xx with a clear message, never a 5xx": generated
 * inputs against every write route and the reads that take parameters. Bodies are
 * arbitrary JSON, and valid bodies with one field (at any depth) replaced by arbitrary
 * JSON, which is what gets past the first checks and into the deciders.
 */
describe('debtors REST API under generated input: never a 5xx', () => {
  let kit: DebtorsTestKit;
  let token: string;
  let debtorId: string;
  let contactPointId: string;
  let debtId: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_fuzz', { messaging: { kind: 'embedded' } });
    token = await kit.token(TENANT, 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    const debtor = (await kit.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody() })).body;
    debtorId = debtor.debtorId;
    contactPointId = debtor.contactPoints[0].id;
    debtId = (await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId) })).body.debtId;
  });
  afterAll(async () => {
    await kit?.close();
  });

  /** A JSON value with one node replaced (or removed) somewhere inside. */
  function mutated(valid: unknown): fc.Arbitrary<unknown> {
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, at: (string | number)[]) => {
      paths.push(at);
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...at, i]));
      else if (node && typeof node === 'object') for (const [k, child] of Object.entries(node)) walk(child, [...at, k]);
    };
    walk(valid, []);
    return fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string(), fc.integer(), fc.double())).map(([at, replacement]) => {
      if (at.length === 0) return replacement;
      const copy = structuredClone(valid) as Record<string | number, unknown>;
      let parent = copy;
      for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      parent[at[at.length - 1]!] = replacement;
      return copy;
    });
  }

  const writes = (): [string, string, unknown][] => [
    ['POST', '/debtors', debtorBody({ taxId: '111.444.777-35' })],
    ['PUT', `/debtors/${debtorId}/contact-points`, { contactPoints: debtorBody().contactPoints }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/consent`, { consent: 'granted' }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/opt-out`, { reason: 'pare' }],
    ['POST', '/debts', debtBody(debtorId, { contractReference: 'FUZZ-1', installments: [{ number: 1, amount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10' }] })],
    ['POST', `/debts/${debtId}/payments`, { paymentId: 'pix-1', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-01' }],
    ['POST', `/debts/${debtId}/dispute`, { reason: 'não reconheço' }],
    ['POST', `/debts/${debtId}/dispute/resolution`, { outcome: 'upheld' }],
    ['POST', `/debts/${debtId}/write-off`, { reason: 'prescrita' }],
  ];

  const expectNo5xx = (what: string, response: { status: number; body: any; headers: Headers }) => {
    expect({ what, status: response.status < 500 ? 'not 5xx' : response.status, body: response.body }).toMatchObject({ what, status: 'not 5xx' });
    if (response.status >= 400) {
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(typeof response.body.title).toBe('string');
    }
  };

  it('answers every write route with a 2xx or a 4xx problem, for arbitrary and for almost-valid bodies', async () => {
    for (const [method, url, valid] of writes()) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutated(valid), fc.jsonValue()), async (body) => {
          const response = await kit.call(method, url, { token, idempotencyKey: key(), rawBody: body === undefined ? '' : JSON.stringify(body) });
          expectNo5xx(`${method} ${url} ${JSON.stringify(body)}`, response);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers reads with arbitrary ids, dates and query strings with a 2xx or a 4xx problem', async () => {
    const text = fc.oneof(fc.string(), fc.uuid(), fc.constantFrom('', '2026-02-30', '9999-99-99', '-1', '1e309', '%00', '../..', 'null'));
    await fc.assert(
      fc.asyncProperty(text, text, text, async (id, date, token2) => {
        const encoded = (v: string) => encodeURIComponent(v);
        for (const url of [
          `/debtors/${encoded(id)}`,
          `/debts/${encoded(id)}?asOf=${encoded(date)}`,
          `/debts/${debtId}?asOf=${encoded(date)}`,
          `/debts?status=${encoded(id)}&agingBucket=${encoded(date)}&pageSize=${encoded(token2)}`,
          `/debts?pageToken=${encoded(token2)}`,
          `/audit/debts/${encoded(id)}/state?at=${encoded(date)}`,
          `/audit/debts/${debtId}/state?at=${encoded(date)}`,
        ]) {
          expectNo5xx(`GET ${url}`, await kit.call('GET', url, { token }));
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
