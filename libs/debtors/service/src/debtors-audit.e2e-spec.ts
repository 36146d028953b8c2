import { eventually } from '@collections/shared-testing';
import { collectTopic } from '@collections/shared-messaging-testing';
import { CPF, debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

const TENANT = 'financeira-sol';

describe('personal data, audit and the log (PostgreSQL, Kafka)', () => {
  let kit: DebtorsTestKit;
  let admin: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_audit');
    admin = await kit.token(TENANT, 'integrator', 'admin', 'auditor', 'supervisor');
  });
  afterAll(async () => {
    await kit?.close();
  });

  /** Every column of every table of the service's database, as text, searched for the values. */
  async function plaintextFound(values: readonly string[]): Promise<string[]> {
    const columns = await kit.service.store.driver.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      for (const value of values) {
        const rows = await kit.service.store.driver.query(`SELECT 1 FROM "${table}" WHERE "${column}"::text ILIKE $1 LIMIT 1`, [`%${value}%`]);
        if (rows.length) found.push(`${table}.${column} contains ${value}`);
      }
    }
    return found;
  }

  it('keeps personal data encrypted, and after erasure no plaintext remains while the history still replays and verifies', async () => {
    const secrets = ['52998224725', 'Maria da Silva', '11987654321', 'maria@example.com', 'me ligue só à noite', 'a assinatura no contrato não é minha'];
    const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: CPF }) })).body;
    const optOut = await kit.call('POST', `/debtors/${debtor.debtorId}/contact-points/${debtor.contactPoints[0].id}/opt-out`, { token: admin, idempotencyKey: key(), body: { reason: 'me ligue só à noite' } });
    expect(optOut.status).toBe(200);
    const debt = (await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId) })).body;
    // a dispute's reason quotes the debtor: personal data, under the debtor's key
    const disputed = await kit.call('POST', `/debts/${debt.debtId}/dispute`, { token: admin, idempotencyKey: key(), body: { reason: 'a assinatura no contrato não é minha' } });
    expect(disputed.status).toBe(200);
    const debtHistory = async () => (await kit.call('GET', `/audit/debts/${debt.debtId}/history`, { token: admin })).body as { type: string; data: { reason?: string } }[];
    expect((await debtHistory()).find((e) => e.type === 'DisputeOpened')?.data.reason).toBe('a assinatura no contrato não é minha');
    await kit.service.projections.catchUp();
    expect(await plaintextFound(secrets)).toEqual([]);
    expect((await kit.call('GET', `/debtors/${debtor.debtorId}`, { token: admin })).body).toMatchObject({ name: 'Maria da Silva', taxId: '52998224725' });

    const erased = await kit.call('POST', `/debtors/${debtor.debtorId}/erasure`, { token: admin, idempotencyKey: key() });
    expect(erased.status).toBe(200);
    await kit.service.projections.catchUp();

    expect(await plaintextFound(secrets)).toEqual([]);
    const view = (await kit.call('GET', `/debtors/${debtor.debtorId}`, { token: admin })).body;
    expect(view).toMatchObject({ erased: true, name: '[erased]', taxId: '[erased]', contactPoints: [] });
    const history = (await kit.call('GET', `/audit/debtors/${debtor.debtorId}/history`, { token: admin })).body;
    expect(history.map((e: { type: string }) => e.type)).toEqual(['DebtorRegistered', 'ContactOptedOut', 'DebtorErasureRequested']);
    expect(history[0].data).toMatchObject({ name: '[erased]', taxId: { kind: 'cpf', value: '[erased]' }, state: 'SP' });
    expect(history[1].data).toMatchObject({ reason: '[erased]', contactPointId: debtor.contactPoints[0].id });
    expect((await kit.call('GET', '/audit/verification', { token: admin })).body).toMatchObject({ ok: true, breaks: [] });
    // the debt and its facts are still there, the dispute's reason erased with the debtor's key
    expect((await kit.call('GET', `/debts/${debt.debtId}`, { token: admin })).body.status).toBe('disputed');
    expect((await debtHistory()).find((e) => e.type === 'DisputeOpened')?.data.reason).toBe('[erased]');
    // and nothing more can be written about the erased debtor
    const update = await kit.call('PUT', `/debtors/${debtor.debtorId}/contact-points`, { token: admin, idempotencyKey: key(), body: { contactPoints: [] } });
    expect(update.status).toBe(422);
  });

  it('shows an auditor who did what, when, and the state as of a past instant', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: '11.222.333/0001-81', name: 'Padaria Sol Ltda' }) })).body;
    const debt = (await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId) })).body;
    await new Promise((r) => setTimeout(r, 20));
    const beforePayment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const paid = await kit.call('POST', `/debts/${debt.debtId}/payments`, {
      token: admin,
      idempotencyKey: key(),
      body: { paymentId: 'pix-1', amount: { amount: 50_000, currency: 'BRL' }, paidOn: '2026-01-10' },
      headers: { 'x-correlation-id': 'corr-42' },
    });
    expect(paid.status).toBe(200);

    const history = (await kit.call('GET', `/audit/debts/${debt.debtId}/history`, { token: admin })).body;
    // registered already past due (the test clock is 2026-03-02): classified at once
    expect(history.map((e: { type: string }) => e.type)).toEqual(['DebtRegistered', 'DebtBecameOverdue', 'DebtAgingBucketChanged', 'PaymentRecorded']);
    expect(history[3]).toMatchObject({ actor: expect.stringContaining(TENANT), correlationId: 'corr-42', version: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const then = (await kit.call('GET', `/audit/debts/${debt.debtId}/state?at=${beforePayment}`, { token: admin })).body;
    expect(then).toMatchObject({ version: 3, balance: { paid: { amount: 0 } } });
    const now = (await kit.call('GET', `/debts/${debt.debtId}?asOf=2026-01-10`, { token: admin })).body;
    expect(now.balance).toMatchObject({ paid: { amount: 50_000 }, totalDue: { amount: 100_000 } });
  });

  it('reports an event changed behind the service’s back', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: '111.444.777-35' }) })).body;
    const debt = (await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId) })).body;
    // As a superuser with triggers off: es_events refuses UPDATE otherwise.
    await kit.service.store.driver.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE es_events SET data = jsonb_set(data, '{originalAmount,amount}', '1') WHERE stream_id = $1 AND stream_version = 1`, [
        `debt-${debt.debtId}`,
      ]);
    });
    const stream = (await kit.call('GET', `/audit/debts/${debt.debtId}/verification`, { token: admin })).body;
    expect(stream).toMatchObject({ ok: false, breaks: [{ streamId: `debt-${debt.debtId}`, streamVersion: 1, reason: 'hash-mismatch' }] });
    expect((await kit.call('GET', '/audit/verification', { token: admin })).body.ok).toBe(false);
  });

  it('publishes public events to Kafka with their envelope and without personal data', async () => {
    const collector = await collectTopic(kit.kafka, 'collections.debtors.events.v1');
    try {
      const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: '390.533.447-05', name: 'João Pereira' }) })).body;
      const debt = (await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId) })).body;
      const mine = () => collector.messages.filter((m) => m.key === `debt-${debt.debtId}` || m.key === `debtor-${debtor.debtorId}`);
      // registered already past due (the test clock is 2026-03-02): classified at once
      await eventually(() => expect(mine().map((m) => m.headers['event-type']).sort()).toEqual(['DebtAgingBucketChanged', 'DebtBecameOverdue', 'DebtRegistered', 'DebtorRegistered']), 30_000);
      const registered = mine().find((m) => m.headers['event-type'] === 'DebtRegistered')!;
      expect(registered.headers).toMatchObject({ 'tenant-id': TENANT, 'schema-version': '1', 'stream-version': '1' });
      expect(registered.value).toMatchObject({ debtId: debt.debtId, debtorId: debtor.debtorId, originalAmount: { amount: 150_000 }, installments: 1 });
      expect(JSON.stringify(mine())).not.toMatch(/39053344705|João/);
    } finally {
      await collector.stop();
    }
  });

  it('lists debts from the read model by status with pagination, and rebuilds it from the log to the same rows', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: '935.411.347-80' }) })).body;
    for (let i = 0; i < 5; i++) {
      await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId, { contractReference: `LIST-${i}` }) });
    }
    await kit.service.projections.catchUp();
    const page1 = (await kit.call('GET', `/debts?debtorId=${debtor.debtorId}&pageSize=3`, { token: admin })).body;
    const page2 = (await kit.call('GET', `/debts?debtorId=${debtor.debtorId}&pageSize=3&pageToken=${page1.nextPageToken}`, { token: admin })).body;
    expect(page1.items).toHaveLength(3);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextPageToken).toBeNull();
    const refs = [...page1.items, ...page2.items].map((d: { contractReference: string }) => d.contractReference).sort();
    expect(refs).toEqual(['LIST-0', 'LIST-1', 'LIST-2', 'LIST-3', 'LIST-4']);

    const rowsOf = () => kit.service.driver.query<any>('SELECT * FROM debt_view WHERE debtor_id = $1 ORDER BY debt_id', [debtor.debtorId]);
    const before = await rowsOf();
    // the read model holds every tenant's rows: a tenant's admin may not rebuild it, a platform operator may
    const refused = await kit.call('POST', '/admin/projections/debtors-read-model/rebuild', { token: admin, idempotencyKey: key() });
    expect(refused.status).toBe(403);
    const operator = await kit.token('platform', 'platform-operator');
    const rebuilt = await kit.call('POST', '/admin/projections/debtors-read-model/rebuild', { token: operator, idempotencyKey: key() });
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.body.eventsReplayed).toBeGreaterThan(5);
    expect(await rowsOf()).toEqual(before);
  });

  it('makes a debt overdue and moves it through aging buckets as the clock passes the deadlines, across a restart', async () => {
    const debtor = (await kit.call('POST', '/debtors', { token: admin, idempotencyKey: key(), body: debtorBody({ taxId: '714.602.380-01' }) })).body;
    const dueDate = '2026-03-10';
    const debt = (await kit.call('POST', '/debts', { token: admin, idempotencyKey: key(), body: debtBody(debtor.debtorId, { dueDate }) })).body;
    await kit.service.projections.catchUp();

    kit.clock.set('2026-03-10T15:00:00Z');
    await kit.service.scheduler.runDue();
    expect((await kit.call('GET', `/debts/${debt.debtId}`, { token: admin })).body).toMatchObject({ status: 'open', agingBucket: 'current' });

    kit.clock.set('2026-03-11T15:00:00Z');
    await kit.service.scheduler.runDue();
    await kit.service.projections.catchUp();
    expect((await kit.call('GET', `/debts/${debt.debtId}`, { token: admin })).body).toMatchObject({ status: 'overdue', agingBucket: '1-30' });

    await kit.restart();
    kit.clock.set('2026-04-10T15:00:00Z'); // 31 days past due
    await kit.service.scheduler.runDue();
    await kit.service.projections.catchUp();
    const after = (await kit.call('GET', `/debts/${debt.debtId}`, { token: admin })).body;
    expect(after).toMatchObject({ status: 'overdue', agingBucket: '31-60' });
    const types = (await kit.call('GET', `/audit/debts/${debt.debtId}/history`, { token: admin })).body.map((e: { type: string }) => e.type);
    expect(types).toEqual(['DebtRegistered', 'DebtBecameOverdue', 'DebtAgingBucketChanged', 'DebtAgingBucketChanged']);
    const listed = (await kit.call('GET', `/debts?status=overdue&agingBucket=31-60`, { token: admin })).body.items.map((d: { debtId: string }) => d.debtId);
    expect(listed).toContain(debt.debtId);
  });

  it('rebuilds the whole read model in one batch to the rows event-by-event updates gave (registrations, updates, erasure, payments, disputes, write-off)', async () => {
    const ok = async (method: string, url: string, body?: unknown) => {
      const response = await kit.call(method, url, { token: admin, idempotencyKey: key(), ...(body === undefined ? {} : { body }) });
      if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    // a history that mixes, within one rebuild batch, a registration and later events of the same streams
    const debtor = await ok('POST', '/debtors', debtorBody({ taxId: '286.255.878-87' }));
    await ok('POST', `/debtors/${debtor.debtorId}/contact-points/${debtor.contactPoints[0].id}/opt-out`, { reason: 'não ligue mais' });
    await ok('POST', `/debtors/${debtor.debtorId}/contact-points/${debtor.contactPoints[1].id}/consent`, { consent: 'not_granted' });
    await ok('PUT', `/debtors/${debtor.debtorId}/contact-points`, { contactPoints: [{ kind: 'email', value: 'novo@example.com', consent: 'granted' }] });
    const paid = await ok('POST', '/debts', debtBody(debtor.debtorId, { contractReference: 'MIX-PAID', dueDate: '2026-05-20' }));
    await ok('POST', `/debts/${paid.debtId}/payments`, { paymentId: 'pix-1', amount: { amount: 150_000, currency: 'BRL' }, paidOn: '2026-04-05' }); // the kit's clock is at 2026-04-10
    const disputed = await ok('POST', '/debts', debtBody(debtor.debtorId, { contractReference: 'MIX-DISPUTED' }));
    await ok('POST', `/debts/${disputed.debtId}/dispute`, { reason: 'não reconheço' });
    const lost = await ok('POST', '/debts', debtBody(debtor.debtorId, { contractReference: 'MIX-LOST' }));
    await ok('POST', `/debts/${lost.debtId}/write-off`, { reason: 'prescrita' });
    // a CPF of its own: the earlier tests registered theirs for this tenant already (one CPF is one debtor)
    const erasedDebtor = await ok('POST', '/debtors', debtorBody());
    await ok('POST', `/debtors/${erasedDebtor.debtorId}/erasure`);
    await kit.service.projections.catchUp();
    expect((await kit.call('GET', `/debts/${paid.debtId}`, { token: admin })).body.status).toBe('settled');
    expect((await kit.call('GET', `/debts/${disputed.debtId}`, { token: admin })).body.status).toBe('disputed');
    expect((await kit.call('GET', `/debts/${lost.debtId}`, { token: admin })).body.status).toBe('written_off');

    const tables = async () => ({
      debtors: await kit.service.driver.query<any>('SELECT * FROM debtor_view ORDER BY tenant_id, debtor_id'),
      debts: await kit.service.driver.query<any>('SELECT * FROM debt_view ORDER BY tenant_id, debt_id'),
      deadlines: await kit.service.driver.query<any>('SELECT tenant_id, debt_id, due_on FROM debt_deadlines ORDER BY tenant_id, debt_id'),
    });
    const before = await tables();
    expect(before.debts.map((d: { status: string }) => d.status)).toEqual(expect.arrayContaining(['settled', 'disputed', 'written_off', 'overdue']));
    expect(before.debtors.filter((d: { erased: boolean }) => d.erased)).not.toHaveLength(0);
    const rebuilt = await kit.call('POST', '/admin/projections/debtors-read-model/rebuild', { token: await kit.token('platform', 'platform-operator'), idempotencyKey: key() });
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.body.eventsReplayed).toBeLessThanOrEqual(500); // one batch of the runner
    expect(await tables()).toEqual(before);
  });
});
