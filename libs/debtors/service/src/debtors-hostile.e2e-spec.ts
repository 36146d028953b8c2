import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

/**
 * The attacks every route must meet before it ships, REST side: hostile values in every
 * field (NUL, lone surrogates, nesting thousands deep, numbers past 2^53, dates outside
 * 0001-9999), ids that are not ids, and another tenant's ids. Each answer is a 4xx
 * problem that names the field (never a 5xx, never a hint about another tenant), and
 * the service still writes afterwards.
 */
describe('debtors REST API under hostile input and a second tenant', () => {
  let kit: DebtorsTestKit;
  let token: string;
  let other: string;
  let debtorId: string;
  let contactPointId: string;
  let debtId: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_hostile', { messaging: { kind: 'embedded' } });
    token = await kit.token('hostile-a', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    const debtor = (await kit.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody() })).body;
    debtorId = debtor.debtorId;
    contactPointId = debtor.contactPoints[0].id;
    debtId = (await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId) })).body.debtId;
  });
  afterAll(async () => {
    await kit?.close();
  });

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['POST', '/debtors', debtorBody({ taxId: '111.444.777-35' })],
    ['PUT', `/debtors/${debtorId}/contact-points`, { contactPoints: debtorBody().contactPoints }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/consent`, { consent: 'granted' }],
    ['POST', `/debtors/${debtorId}/contact-points/${contactPointId}/opt-out`, { reason: 'pare' }],
    ['POST', '/debts', debtBody(debtorId, { contractReference: 'HOSTILE-1', installments: [{ number: 1, amount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10' }] })],
    ['POST', `/debts/${debtId}/payments`, { paymentId: 'pix-1', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-01' }],
    ['POST', `/debts/${debtId}/dispute`, { reason: 'não reconheço' }],
    ['POST', `/debts/${debtId}/dispute/resolution`, { outcome: 'upheld' }],
    ['POST', `/debts/${debtId}/write-off`, { reason: 'prescrita' }],
  ];

  /** Every leaf of a body, as a path. */
  function leaves(node: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
    if (Array.isArray(node)) return node.flatMap((child, i) => leaves(child, [...at, i]));
    if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, child]) => leaves(child, [...at, k]));
    return [{ path: at, value: node }];
  }
  function replaced(body: unknown, path: (string | number)[], value: unknown): unknown {
    const copy = structuredClone(body) as Record<string | number, unknown>;
    let parent = copy;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = value;
    return copy;
  }
  /** Hostile replacements for a leaf, as raw JSON text (some cannot be built as JS values). */
  function hostileValues(value: unknown): { label: string; json: string }[] {
    const out = [{ label: 'nested 5,000 deep', json: '['.repeat(5_000) + ']'.repeat(5_000) }];
    if (typeof value === 'string') {
      out.push({ label: 'NUL', json: JSON.stringify(`${value}\u0000x`) }, { label: 'lone surrogate', json: `"${value}\\ud800"` });
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) out.push({ label: 'year 0000', json: '"0000-01-01"' }, { label: 'year 10000', json: '"10000-01-01"' }, { label: 'last day', json: '"9999-12-31"' });
      if (/^0\.\d+$/.test(value)) out.push({ label: 'rate 1e300', json: '"1e300"' }, { label: 'rate of 40 digits', json: `"${'9'.repeat(40)}"` });
    }
    if (typeof value === 'number') out.push({ label: '2^53 + 2', json: '9007199254740994' }, { label: '1e300', json: '1e300' });
    return out;
  }

  /** A 4xx problem+json whose field errors name the field (or its last path segment). */
  const isProblemNaming = (response: { status: number; body: any; headers: Headers }, field: string | number | undefined): boolean =>
    response.status >= 400 &&
    response.status < 500 &&
    /application\/problem\+json/.test(response.headers.get('content-type') ?? '') &&
    (field === undefined || JSON.stringify(response.body?.errors ?? response.body).includes(String(field)));

  it('answers a hostile value in any field of any write with a 4xx problem, and still writes afterwards', async () => {
    const failures: string[] = [];
    for (const [method, url, valid] of writes()) {
      for (const leaf of leaves(valid)) {
        for (const hostile of hostileValues(leaf.value)) {
          const rawBody = JSON.stringify(replaced(valid, leaf.path, '__HOSTILE__')).replace('"__HOSTILE__"', hostile.json);
          const response = await kit.call(method, url, { token, idempotencyKey: key(), rawBody });
          if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`${method} ${url} ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await kit.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtorId, { contractReference: 'AFTER-HOSTILE' }) });
    expect(after.status).toBe(201);
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

  it('tells another tenant nothing: its calls on our ids answer exactly as on ids nobody uses', async () => {
    const unused = '0193a0e0-0000-7000-8000-000000000001';
    const failures: string[] = [];
    const pairs: [string, string, (id: string) => string, unknown?][] = [
      ['GET', 'debtor', (id) => `/debtors/${id}`],
      ['GET', 'debt', (id) => `/debts/${id}`],
      ['POST', 'debt payment', (id) => `/debts/${id}/payments`, { paymentId: 'x-1', amount: { amount: 1, currency: 'BRL' }, paidOn: '2026-03-01' }],
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
});
