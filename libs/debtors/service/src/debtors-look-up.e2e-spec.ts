import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

/** POST /debtors/lookup: many debtors and debts at once (the contacts scheduler's batch), as the single routes answer them. */
describe('the debtors batch look-up (PostgreSQL)', () => {
  const TENANT = 'banco-lote';
  let kit: DebtorsTestKit;
  let integrator: string;
  const unused = '0193a0e0-0000-7000-8000-000000000001';

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_look_up', { messaging: { kind: 'embedded' } });
    integrator = await kit.token(TENANT, 'integrator');
  });
  afterAll(async () => {
    await kit?.close();
  });

  async function debtorWithDebt(): Promise<{ debtorId: string; debtId: string }> {
    const debtor = await kit.call('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: debtorBody() });
    expect(debtor.status).toBe(201);
    const debt = await kit.call('POST', '/debts', { token: integrator, idempotencyKey: key(), body: debtBody(debtor.body.debtorId) });
    expect(debt.status).toBe(201);
    return { debtorId: debtor.body.debtorId, debtId: debt.body.debtId };
  }

  it('answers each debtor and debt exactly as its GET route does, and null for an id it does not know', async () => {
    const first = await debtorWithDebt();
    const second = await debtorWithDebt();
    const paid = await kit.call('POST', `/debts/${second.debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: 'pix-lote', amount: { amount: 999_999, currency: 'BRL' }, paidOn: '2026-03-01' } });
    expect(paid.status).toBe(200);
    const answer = await kit.call('POST', '/debtors/lookup', { token: integrator, body: { debtorIds: [first.debtorId, second.debtorId.toUpperCase(), unused], debtIds: [first.debtId, second.debtId, unused] } });
    expect(answer.status).toBe(200);
    for (const { debtorId, debtId } of [first, second]) {
      expect(answer.body.debtors[debtorId]).toEqual((await kit.call('GET', `/debtors/${debtorId}`, { token: integrator })).body);
      expect(answer.body.debts[debtId]).toEqual((await kit.call('GET', `/debts/${debtId}`, { token: integrator })).body);
    }
    expect(answer.body.debts[second.debtId].status).toBe('settled');
    expect(answer.body.debtors[unused]).toBeNull();
    expect(answer.body.debts[unused]).toBeNull();
  });

  it("answers another tenant's ids as ids nobody uses", async () => {
    const ours = await debtorWithDebt();
    const other = await kit.token('outro-banco', 'integrator');
    const answer = await kit.call('POST', '/debtors/lookup', { token: other, body: { debtorIds: [ours.debtorId], debtIds: [ours.debtId] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ debtors: { [ours.debtorId]: null }, debts: { [ours.debtId]: null } });
  });

  it('answers ids that are not ids, too many ids or an unknown field with 400, and no token with 401', async () => {
    const many = Array.from({ length: 501 }, (_, i) => `0193a0e0-0000-7000-8000-${String(i).padStart(12, '0')}`);
    for (const body of [{ debtorIds: ['../etc/passwd'] }, { debtIds: [42] }, { debtorIds: many }, { debtIds: many }, { debtorIds: 'x' }, { debtorIds: [], extra: true }, [1, 2]]) {
      const answer = await kit.call('POST', '/debtors/lookup', { token: integrator, body });
      expect([JSON.stringify(body).slice(0, 40), answer.status]).toEqual([JSON.stringify(body).slice(0, 40), 400]);
    }
    expect((await kit.call('POST', '/debtors/lookup', { body: { debtorIds: [] } })).status).toBe(401);
  });
});
