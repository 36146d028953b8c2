import { CPF, debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

const TENANT = 'banco-azul';

describe('debtors REST API (PostgreSQL, Kafka)', () => {
  let kit: DebtorsTestKit;
  let integrator: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_rest');
    integrator = await kit.token(TENANT, 'integrator');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('registers a debtor and a debt, and reads the balance as of a date', async () => {
    const debtor = await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody({ taxId: CPF }) });
    expect(debtor.status).toBe(201);
    expect(debtor.body).toMatchObject({ kind: 'person', taxId: '52998224725', name: 'Maria da Silva', state: 'SP', erased: false });

    const debt = await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: debtBody(debtor.body.debtorId) });
    expect(debt.status).toBe(201);
    // registered already past due (the test clock is 2026-03-02): classified at once
    expect(debt.body).toMatchObject({ debtorId: debtor.body.debtorId, status: 'overdue', agingBucket: '31-60', originalAmount: { amount: 150_000, currency: 'BRL' } });

    const onDueDate = await kit.call('GET', `/debts/${debt.body.debtId}?asOf=2026-01-10`, { token: integrator });
    expect(onDueDate.body.balance).toMatchObject({ asOf: '2026-01-10', totalDue: { amount: 150_000, currency: 'BRL' }, daysPastDue: 0 });
    const later = await kit.call('GET', `/debts/${debt.body.debtId}?asOf=2026-02-09`, { token: integrator });
    // 30 days late: 2% fee (3.000,00) + 1% interest for 30 days on 1.500,00 (1.500) = 154.500
    expect(later.body.balance).toMatchObject({ daysPastDue: 30, lateFee: { amount: 3_000 }, interest: { amount: 1_500 }, totalDue: { amount: 154_500 } });
  });

  it('reverses a payment that settled a debt: the debt reopens overdue with its balance as if never paid, and a repeated reversal changes nothing', async () => {
    const debtor = await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody({ taxId: '111.444.777-35' }) });
    const debt = (await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: debtBody(debtor.body.debtorId, { contractReference: 'REV-1' }) })).body;
    const before = (await kit.call('GET', `/debts/${debt.debtId}?asOf=2026-03-02`, { token: integrator })).body.balance;
    const paid = await kit.call('POST', `/debts/${debt.debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: 'pix-e2e-1', amount: before.totalDue, paidOn: '2026-03-02' } });
    expect(paid.body).toMatchObject({ status: 'settled', balance: { totalDue: { amount: 0 } } });

    const reversal = { reversedOn: '2026-03-02', reason: 'chargeback' };
    const reversed = await kit.call('POST', `/debts/${debt.debtId}/payments/pix-e2e-1/reversal`, { token: integrator, idempotencyKey: key(), body: reversal });
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'overdue', agingBucket: '31-60' });
    const after = (await kit.call('GET', `/debts/${debt.debtId}?asOf=2026-03-02`, { token: integrator })).body.balance;
    expect(after.totalDue).toEqual(before.totalDue);

    const again = await kit.call('POST', `/debts/${debt.debtId}/payments/pix-e2e-1/reversal`, { token: integrator, idempotencyKey: key(), body: reversal });
    expect(again.body).toMatchObject({ status: 'overdue', version: reversed.body.version });
    const history = (await kit.call('GET', `/audit/debts/${debt.debtId}/history`, { token: await kit.token(TENANT, 'auditor') })).body;
    expect(JSON.stringify(history)).toContain('DebtReopened');

    const unknown = await kit.call('POST', `/debts/${debt.debtId}/payments/never-paid/reversal`, { token: integrator, idempotencyKey: key(), body: reversal });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('PAYMENT_NOT_RECORDED');
    const early = await kit.call('POST', `/debts/${debt.debtId}/payments/pix-e2e-1/reversal`, { token: integrator, idempotencyKey: key(), body: { reversedOn: '2026-03-01', reason: 'refund' } });
    expect(early.status).toBe(400);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
  });

  it('records consent and an opt-out per contact point, and a later sync of the address book does not undo the opt-out', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody({ taxId: '390.533.447-05' }) })).body;
    const phone = debtor.contactPoints.find((c: { kind: string }) => c.kind === 'phone');
    const email = debtor.contactPoints.find((c: { kind: string }) => c.kind === 'email');
    const agent = await kit.token(TENANT, 'agent');

    const optOut = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/${phone.id}/opt-out`, { token: agent, idempotencyKey: key(), body: { reason: 'pare de me ligar' } });
    expect(optOut.status).toBe(200);
    expect(optOut.body.contactPoints.find((c: { id: string }) => c.id === phone.id)).toMatchObject({ optedOut: true, optOutReason: 'pare de me ligar' });
    const consent = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/${email.id}/consent`, { token: integrator, idempotencyKey: key(), body: { consent: 'not_granted' } });
    expect(consent.status).toBe(200);
    expect(consent.body.contactPoints.find((c: { id: string }) => c.id === email.id)).toMatchObject({ consent: 'not_granted', optedOut: false });

    // the creditor's nightly sync re-sends the phone as granted and not opted out
    const sync = await kit.call('PUT', `/debtors/${debtor.debtorId}/contact-points`, {
      token: integrator,
      idempotencyKey: key(),
      body: { contactPoints: [{ id: phone.id, kind: 'phone', value: '+5511987654321', consent: 'granted', optedOut: false }] },
    });
    expect(sync.status).toBe(200);
    expect(sync.body.contactPoints).toEqual([expect.objectContaining({ id: phone.id, optedOut: true })]);

    // the read model follows the log (personal fields stay encrypted there)
    await kit.service.projections.catchUp();
    const [row] = await kit.service.driver.query<any>('SELECT contact_points, version FROM debtor_view WHERE debtor_id = $1', [debtor.debtorId]);
    expect(row.contact_points).toEqual([expect.objectContaining({ id: phone.id, optedOut: true, optOutReason: expect.stringMatching(/^pii:/) })]);
    expect(Number(row.version)).toBe(4);

    const history = (await kit.call('GET', `/audit/debtors/${debtor.debtorId}/history`, { token: await kit.token(TENANT, 'auditor') })).body;
    expect(history.map((e: { type: string }) => e.type)).toEqual(['DebtorRegistered', 'ContactOptedOut', 'ContactConsentRecorded', 'DebtorContactPointsUpdated']);
  });

  it('answers 404 for an unknown contact point and 400 naming the field for a consent it does not know', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody({ taxId: '153.509.460-56' }) })).body;
    const unknown = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/0193a5a0-0000-7000-8000-000000000000/opt-out`, { token: integrator, idempotencyKey: key(), body: { reason: 'x' } });
    expect(unknown).toMatchObject({ status: 404, body: { detail: expect.stringMatching(/contact point/) } });
    const phone = debtor.contactPoints[0].id;
    const bad = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/${phone}/consent`, { token: integrator, idempotencyKey: key(), body: { consent: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'consent' })]);
    const noReason = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/${phone}/opt-out`, { token: integrator, idempotencyKey: key(), body: {} });
    expect(noReason.status).toBe(400);
  });
});

describe('debtors REST API: bad input gets a 4xx problem, never a 5xx', () => {
  let kit: DebtorsTestKit;
  let integrator: string;
  let debtorId: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_bad_input');
    integrator = await kit.token(TENANT, 'integrator');
    debtorId = (await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody() })).body.debtorId;
  });
  afterAll(async () => {
    await kit?.close();
  });

  const expectProblem = (response: { status: number; body: any; headers: Headers }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  it('rejects a CPF with wrong check digits, naming the field', async () => {
    const r = await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody({ taxId: '529.982.247-26' }) });
    expectProblem(r, 400);
    expect(r.body.errors).toContainEqual({ field: 'taxId', message: expect.stringMatching(/not a valid CPF/) });
  });

  it('rejects a negative amount and a late fee above 2% in one answer', async () => {
    const r = await kit.call('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: debtBody(debtorId, { originalAmount: { amount: -100, currency: 'BRL' }, lateFeeRate: '0.025' }),
    });
    expectProblem(r, 400);
    const fields = (r.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['lateFeeRate']));
    expect(fields.some((f) => f.startsWith('originalAmount'))).toBe(true);
  });

  it('rejects malformed JSON with 400 and a huge payload with 413', async () => {
    expectProblem(await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), rawBody: '{"taxId": ' }), 400);
    expectProblem(await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), rawBody: JSON.stringify({ name: 'x'.repeat(400_000) }) }), 413);
  });

  it('requires an Idempotency-Key on writes', async () => {
    const r = await kit.call('POST', '/debtors', { token: integrator, body: debtorBody() });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expectProblem(await kit.call('GET', '/debtors/0192f6a0-0000-7000-8000-000000000099', { token: integrator }), 404);
    expectProblem(await kit.call('GET', '/debts/not-a-uuid', { token: integrator }), 404);
    expectProblem(await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: debtBody('0192f6a0-0000-7000-8000-000000000099') }), 404);
  });

  it('rejects a wrong type in the body with the path of the field', async () => {
    const r = await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: { ...debtBody(debtorId), originalAmount: 'lots' } });
    expectProblem(r, 400);
    expect(r.body.errors[0].field).toBe('originalAmount');
  });

  it('refuses a business rule with 422 and its code', async () => {
    const debt = await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: debtBody(debtorId) });
    const supervisor = await kit.token(TENANT, 'supervisor');
    await kit.call('POST', `/debts/${debt.body.debtId}/write-off`, { token: supervisor, idempotencyKey: key(), body: { reason: 'uncollectable' } });
    const again = await kit.call('POST', `/debts/${debt.body.debtId}/dispute`, { token: supervisor, idempotencyKey: key(), body: { reason: 'never bought it' } });
    expect([409, 422]).toContain(again.status);
  });
});

describe('debtors REST API: idempotency, authentication and tenant isolation', () => {
  let kit: DebtorsTestKit;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_security');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('returns the first response for a repeated Idempotency-Key and appends nothing more', async () => {
    const token = await kit.token(TENANT, 'integrator');
    const idempotencyKey = key();
    const body = debtorBody();
    const first = await kit.call('POST', '/debtors', { token, idempotencyKey, body });
    const repeat = await kit.call('POST', '/debtors', { token, idempotencyKey, body });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    const rows = await kit.service.store.driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE stream_id = $1`, [`debtor-${first.body.debtorId}`]);
    expect(rows[0]?.n).toBe('1');
    const reused = await kit.call('POST', '/debtors', { token, idempotencyKey, body: { ...body, name: 'Someone Else' } });
    expect(reused.status).toBe(422);
  });

  it('shows on /metrics how many events the read model is behind', async () => {
    const lag = async () => Number(/collections_log_reader_lag_events\{reader="projection:debtors-read-model"\} (\d+)/.exec(String((await kit.call('GET', '/metrics')).body))?.[1]);
    await kit.service.projections.catchUp();
    expect(await lag()).toBe(0);
    await kit.service.projections.stop();
    try {
      const owner = await kit.token(TENANT, 'integrator');
      const debtor = (await kit.call('POST', '/debtors', { token: owner, idempotencyKey: key(), body: debtorBody({ taxId: '714.602.380-01' }) })).body;
      await kit.call('POST', '/debts', { token: owner, idempotencyKey: key(), body: debtBody(debtor.debtorId, { contractReference: 'LAG-1' }) });
      expect(await lag()).toBe(4); // the debtor's registration, the debt's, and its classification as overdue (two events)
    } finally {
      kit.service.projections.start();
    }
    await kit.service.projections.catchUp();
    expect(await lag()).toBe(0);
  });

  it('needs a valid token everywhere but health, readiness and docs', async () => {
    expect((await kit.call('GET', '/health')).status).toBe(200);
    expect((await kit.call('GET', '/ready')).status).toBe(200);
    expect((await kit.call('GET', '/docs/openapi.json')).status).toBe(200);
    const metrics = await kit.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toMatch(/collections_debtors_commands_total\{command="RegisterDebtor",outcome="accepted"\} [1-9]/);
    expect(String(metrics.body)).toMatch(/collections_log_reader_lag_events\{reader="relay:debtors"\} \d+/);
    const none = await kit.call('GET', '/debts');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await kit.call('GET', '/debts', { token: 'not.a.jwt' })).status).toBe(401);
  });

  it('refuses a role that may not do the operation with 403', async () => {
    const agent = await kit.token(TENANT, 'agent');
    expect((await kit.call('POST', '/debtors', { token: agent, idempotencyKey: key(), body: debtorBody() })).status).toBe(403);
    expect((await kit.call('GET', '/audit/verification', { token: agent })).status).toBe(403);
  });

  it('never lets one tenant read or change another tenant’s debtor or debt, on any route', async () => {
    const owner = await kit.token(TENANT, 'integrator', 'admin', 'auditor', 'supervisor');
    const intruder = await kit.token('other-creditor', 'integrator', 'admin', 'auditor', 'supervisor', 'agent');
    const debtor = (await kit.call('POST', '/debtors', { token: owner, idempotencyKey: key(), body: debtorBody() })).body;
    const debt = (await kit.call('POST', '/debts', { token: owner, idempotencyKey: key(), body: debtBody(debtor.debtorId) })).body;
    await kit.service.projections.catchUp();

    const attempts: [string, string, unknown?][] = [
      ['GET', `/debtors/${debtor.debtorId}`],
      ['PUT', `/debtors/${debtor.debtorId}/contact-points`, { contactPoints: [] }],
      ['POST', `/debtors/${debtor.debtorId}/contact-points/${debtor.contactPoints[0].id}/consent`, { consent: 'not_granted' }],
      ['POST', `/debtors/${debtor.debtorId}/contact-points/${debtor.contactPoints[0].id}/opt-out`, { reason: 'x' }],
      ['POST', `/debtors/${debtor.debtorId}/erasure`],
      ['POST', '/debts', debtBody(debtor.debtorId)],
      ['GET', `/debts/${debt.debtId}`],
      ['POST', `/debts/${debt.debtId}/payments`, { paymentId: 'p-1', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-01' }],
      ['POST', `/debts/${debt.debtId}/dispute`, { reason: 'x' }],
      ['POST', `/debts/${debt.debtId}/dispute/resolution`, { outcome: 'upheld' }],
      ['POST', `/debts/${debt.debtId}/write-off`, { reason: 'x' }],
      ['GET', `/audit/debtors/${debtor.debtorId}/history`],
      ['GET', `/audit/debts/${debt.debtId}/history`],
      ['GET', `/audit/debts/${debt.debtId}/state?at=2030-01-01T00:00:00Z`],
      ['GET', `/audit/debtors/${debtor.debtorId}/verification`],
    ];
    for (const [method, url, body] of attempts) {
      const r = await kit.call(method, url, { token: intruder, idempotencyKey: key(), ...(body !== undefined ? { body } : {}) });
      expect({ method, url, status: r.status }).toEqual({ method, url, status: 404 });
    }
    const list = await kit.call('GET', '/debts', { token: intruder });
    expect(list.body.items).toEqual([]);
    expect((await kit.call('GET', '/audit/verification', { token: intruder })).body).toMatchObject({ eventsChecked: 0, ok: true });
    // and the owner's data is untouched
    const still = await kit.call('GET', `/debts/${debt.debtId}`, { token: owner });
    expect(still.body).toMatchObject({ status: 'overdue', version: 3 }); // registered already past due (the test clock is 2026-03-02): classified at once
  });
});
