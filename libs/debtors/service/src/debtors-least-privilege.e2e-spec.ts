import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runtimeRoleGrantsSql } from '@collections/shared-audit';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { migrateDebtorsDatabase } from './debtors.service';
import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

/**
 * Production's split: a migration job runs as the role that owns the tables; the service
 * runs as a runtime role that may append to the log and read it, but neither rewrite it
 * nor change the schema. The service must work fully like that.
 */
describe('the debtors service as a runtime role that cannot rewrite the log (PostgreSQL)', () => {
  const role = `rt_${randomBytes(4).toString('hex')}`;
  let database: TestDatabase;
  let kit: DebtorsTestKit | undefined;
  let asRuntime: Client;

  beforeAll(async () => {
    database = await createTestDatabase('debtors_runtime_role');
    await migrateDebtorsDatabase(database.config);
    const owner = new Client(database.config);
    await owner.connect();
    await owner.query(`CREATE ROLE ${role} LOGIN`);
    await owner.query(runtimeRoleGrantsSql({ role }));
    await owner.end();
    const runtime = { ...database.config, user: role };
    kit = await startDebtorsTestKit('debtors_runtime_role_unused', { database: runtime, migrate: false, messaging: { kind: 'embedded' } });
    asRuntime = new Client(runtime);
    await asRuntime.connect();
  });
  afterAll(async () => {
    await asRuntime?.end();
    await kit?.close();
    await database?.drop();
    const admin = new Client({ ...database.config, database: 'postgres' });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('registers, reads, pays and erases as the runtime role, which is refused any rewrite of the log', async () => {
    const token = await kit!.token('menor-privilegio', 'integrator', 'admin');
    const debtor = await kit!.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody() });
    expect(debtor.status).toBe(201);
    const debt = await kit!.call('POST', '/debts', { token, idempotencyKey: key(), body: debtBody(debtor.body.debtorId) });
    expect(debt.status).toBe(201);
    const paid = await kit!.call('POST', `/debts/${debt.body.debtId}/payments`, { token, idempotencyKey: key(), body: { paymentId: 'pix-1', amount: { amount: 1_000, currency: 'BRL' }, paidOn: '2026-02-01' } });
    expect(paid.status).toBe(200);
    await kit!.service.projections.catchUp();
    expect((await kit!.call('GET', `/debts?debtorId=${debtor.body.debtorId}`, { token })).body.items).toHaveLength(1);
    expect((await kit!.call('POST', `/debtors/${debtor.body.debtorId}/erasure`, { token, idempotencyKey: key() })).status).toBe(200);

    for (const sql of ['UPDATE es_events SET data = data', 'DELETE FROM es_events', 'TRUNCATE es_events', 'CREATE TABLE sneaky (x int)', 'DROP TRIGGER IF EXISTS es_events_append_only ON es_events']) {
      await expect(asRuntime.query(sql)).rejects.toMatchObject({ message: expect.stringMatching(/permission denied|must be owner/) });
    }
    expect((await kit!.call('GET', '/audit/verification', { token: await kit!.token('menor-privilegio', 'auditor') })).body).toMatchObject({ ok: true });
  });
});
