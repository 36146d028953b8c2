import { randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { eventually } from '@collections/shared-testing';
import { policyBody, startNegotiationWithDebtors, type NegotiationKit } from './negotiation-with-debtors';

const TENANT = 'neg-rest-a';
const sum = (items: readonly { amount: { amount: number } }[]) => items.reduce((total, i) => total + i.amount.amount, 0);

/**
 * The negotiation service through its REST API on real PostgreSQL, with the debtors
 * service beside it: the policy in force, offers computed from the debt's balance as of
 * today (read from the debtors API), a supervisor's approval, an acceptance that becomes
 * an agreement (the debt goes into agreement in the debtors service), the payments side
 * of the protocol (ChargeIssued, PaymentReceived) published through the embedded
 * transport, early settlement and cancellation.
 */
describe('negotiation REST with the debtors service (PostgreSQL)', () => {
  let kit: NegotiationKit;
  let agent: string;
  let supervisor: string;
  let integrator: string;
  let sequence = 0;
  const key = () => `neg-rest-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    kit = await startNegotiationWithDebtors('negotiation_rest');
    agent = await kit.tokenAs('agent-7', TENANT, 'agent');
    supervisor = await kit.tokenAs('supervisor-2', TENANT, 'supervisor');
    integrator = await kit.token(TENANT, 'integrator');
  });
  afterAll(async () => kit?.close());

  it('versions the policy: each PUT is the next version, GET gives the one in force', async () => {
    expect((await kit.call('GET', '/policy', { token: agent })).status).toBe(404);
    const first = await kit.call('PUT', '/policy', { token: supervisor, idempotencyKey: key(), body: policyBody({ offerValidityDays: 3 }) });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    const second = await kit.call('PUT', '/policy', { token: supervisor, idempotencyKey: key(), body: policyBody() });
    expect(second.body.version).toBe(2);
    const inForce = await kit.call('GET', '/policy', { token: agent });
    expect(inForce.status).toBe(200);
    expect(inForce.body).toMatchObject({ version: 2, policy: { offerValidityDays: 5, breakageToleranceDays: 5 } });
    // an agent does not write the policy
    expect((await kit.call('PUT', '/policy', { token: agent, idempotencyKey: key(), body: policyBody() })).status).toBe(403);
  });

  it('simulates from the balance as of today in the debtors service, writing nothing; the demand never exceeds it', async () => {
    const { debtId } = await kit.registerDebt(integrator);
    const debt = await kit.debtorsCall('GET', `/debts/${debtId}?asOf=2026-03-02`, { token: integrator });
    const before = await kit.service.negotiation.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id LIKE 'offer-%'");
    const simulated = await kit.call('POST', `/debts/${debtId}/offers/simulate`, { token: agent, body: { kind: 'installments', count: 6, firstDueDate: '2026-03-10' } });
    expect(simulated.status).toBe(200);
    expect(simulated.body).toMatchObject({ offerId: null, status: 'simulated', approvalRequired: false, terms: { asOf: '2026-03-02', bucket: '31-60', policyVersion: 2 } });
    expect(simulated.body.terms.balance.total).toEqual(debt.body.balance.totalDue);
    expect(sum(simulated.body.terms.schedule)).toBe(simulated.body.terms.total.amount);
    expect(simulated.body.terms.total.amount).toBeLessThanOrEqual(debt.body.balance.totalDue.amount);
    const after = await kit.service.negotiation.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id LIKE 'offer-%'");
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("makes one plan over several of a debtor's debts (Lei 14.181/2021), from their summed balance, and puts each into the agreement; another debtor's debt answers as unknown", async () => {
    const { debtId, debtorId } = await kit.registerDebt(integrator);
    const second = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId, contractReference: `N2-${sequence}`, originalAmount: { amount: 80_000, currency: 'BRL' }, dueDate: '2025-12-10', lateFeeRate: '0.02' },
    });
    expect(second.status).toBe(201);
    const balances = await Promise.all([debtId, second.body.debtId].map(async (id) => (await kit.debtorsCall('GET', `/debts/${id}?asOf=2026-03-02`, { token: integrator })).body.balance.totalDue.amount as number));
    const body = { kind: 'installments', count: 10, firstDueDate: '2026-03-10', alsoDebtIds: [second.body.debtId] };
    const made = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body });
    expect(made.status).toBe(201);
    expect(made.body.debtIds).toEqual([debtId, second.body.debtId]);
    expect(made.body.terms.balance.total.amount).toBe(balances[0]! + balances[1]!);
    // the older debt (due 2025-12-10, 82 days late) sets the plan's bucket
    expect(made.body.terms.bucket).toBe('61-90');
    const accepted = await kit.call('POST', `/offers/${made.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect(accepted.status).toBe(201);
    for (const id of [debtId, second.body.debtId]) {
      await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${id}`, { token: integrator })).body.status).toBe('in_agreement'));
    }
    const stranger = await kit.registerDebt(integrator);
    const mixed = await kit.call('POST', `/debts/${stranger.debtId}/offers/simulate`, { token: agent, body: { kind: 'cash', alsoDebtIds: [(await kit.registerDebt(integrator)).debtId] } });
    expect(mixed.status).toBe(404);
    const twice = await kit.call('POST', `/debts/${stranger.debtId}/offers/simulate`, { token: agent, body: { kind: 'cash', alsoDebtIds: [stranger.debtId] } });
    expect(twice.status).toBe(400);
    expect(twice.body.errors.map((e: { field: string }) => e.field)).toEqual(['alsoDebtIds']);
  });

  it("takes what the request leaves out from the debtors context: the debtor's declared income (affordability), the debt's segment, and for an over-indebtedness plan all the debtor's open debts", async () => {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Rita Alves', state: 'SP', declaredMonthlyIncome: { amount: 100_000, currency: 'BRL' }, contactPoints: [] },
    });
    expect(debtor.status).toBe(201);
    const debtorId = debtor.body.debtorId as string;
    const registered: string[] = [];
    for (const [i, dueDate] of ['2026-01-10', '2025-12-10'].entries()) {
      const debt = await kit.debtorsCall('POST', '/debts', {
        token: integrator,
        idempotencyKey: key(),
        body: { debtorId, contractReference: `INC-${sequence}-${i}`, originalAmount: { amount: 120_000, currency: 'BRL' }, dueDate, lateFeeRate: '0.02', segment: 'varejo' },
      });
      expect(debt.status).toBe(201);
      registered.push(debt.body.debtId as string);
    }
    const [first, second] = registered as [string, string];
    // no income in the request: the declared R$ 1.000,00 caps an installment at R$ 300,00
    const twoInstallments = await kit.call('POST', `/debts/${first}/offers/simulate`, { token: agent, body: { kind: 'installments', count: 2, firstDueDate: '2026-03-10' } });
    expect({ status: twoInstallments.status, code: twoInstallments.body.code }).toEqual({ status: 422, code: 'INSTALLMENT_ABOVE_AFFORDABILITY' });
    // no segment in the request: the debt's own (the policy's default rule serves a segment it does not name)
    const cash = await kit.call('POST', `/debts/${first}/offers/simulate`, { token: agent, body: { kind: 'cash' } });
    expect(cash.status).toBe(200);
    expect(cash.body.terms.segment).toBe('varejo');
    // an over-indebtedness plan naming no other debt covers both, once the debtors' list shows them
    await eventually(async () => {
      const listed = await kit.debtorsCall('GET', `/debts?debtorId=${debtorId}`, { token: integrator });
      expect(listed.body.items).toHaveLength(2);
    });
    const plan = await kit.call('POST', `/debts/${first}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 12, firstDueDate: '2026-03-10', overIndebted: true } });
    expect(plan.status).toBe(201);
    expect([...plan.body.debtIds].sort()).toEqual([first, second].sort());
    const balances = await Promise.all(registered.map(async (id) => (await kit.debtorsCall('GET', `/debts/${id}?asOf=2026-03-02`, { token: integrator })).body.balance.totalDue.amount as number));
    expect(plan.body.terms.balance.total.amount).toBe(balances[0]! + balances[1]!);
  });

  it('refuses what breaks a rule with a 422 naming it: affordability, too many installments, a debt not past due, an unknown debt', async () => {
    const { debtId } = await kit.registerDebt(integrator);
    const cases: [unknown, string][] = [
      [{ kind: 'installments', count: 2, firstDueDate: '2026-03-10', declaredIncome: { amount: 100_000, currency: 'BRL' } }, 'INSTALLMENT_ABOVE_AFFORDABILITY'],
      [{ kind: 'installments', count: 13, firstDueDate: '2026-03-10' }, 'INSTALLMENTS_ABOVE_MAXIMUM'],
      [{ kind: 'cash', discount: { amount: 110_000, currency: 'BRL' } }, 'PRINCIPAL_DISCOUNT_NOT_ALLOWED'],
    ];
    for (const [body, code] of cases) {
      const response = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body });
      expect({ code, status: response.status, got: response.body.code }).toEqual({ code, status: 422, got: code });
    }
    const notDue = await kit.registerDebt(integrator, { dueDate: '2026-04-10' });
    const early = await kit.call('POST', `/debts/${notDue.debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } });
    expect([early.status, early.body.code]).toEqual([422, 'DEBT_NOT_NEGOTIABLE']);
    expect((await kit.call('POST', `/debts/${randomUUID()}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } })).status).toBe(404);
  });

  it("holds an offer beyond the agent's limit for a supervisor: not acceptable until approved, and only a supervisor approves", async () => {
    const { debtId } = await kit.registerDebt(integrator);
    const made = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash', discount: { amount: 2_000, currency: 'BRL' } } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'awaiting_approval', approvalRequired: true });
    const offerId = made.body.offerId;
    const early = await kit.call('POST', `/offers/${offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect([early.status, early.body.code]).toEqual([422, 'OFFER_AWAITING_APPROVAL']);
    expect((await kit.call('POST', `/offers/${offerId}/approve`, { token: agent, idempotencyKey: key(), body: {} })).status).toBe(403);
    const approved = await kit.call('POST', `/offers/${offerId}/approve`, { token: supervisor, idempotencyKey: key(), body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('open');
    const rejectedLate = await kit.call('POST', `/offers/${offerId}/reject`, { token: supervisor, idempotencyKey: key(), body: { reason: 'muito desconto' } });
    expect([rejectedLate.status, rejectedLate.body.code]).toEqual([422, 'OFFER_NOT_AWAITING_APPROVAL']);
    const other = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash', discount: { amount: 2_000, currency: 'BRL' } } });
    const rejected = await kit.call('POST', `/offers/${other.body.offerId}/reject`, { token: supervisor, idempotencyKey: key(), body: { reason: 'muito desconto' } });
    expect(rejected.body.status).toBe('rejected');
    const refused = await kit.call('POST', `/offers/${other.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect([refused.status, refused.body.code]).toEqual([422, 'OFFER_REJECTED']);
  });

  it('accepts an offer into an agreement once (two accepts in parallel: one 201, one 409); the debt goes into agreement; payments charge and payment show on it', async () => {
    const { debtId, debtorId } = await kit.registerDebt(integrator);
    const made = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 3, firstDueDate: '2026-03-10' } });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('open');
    expect(made.body.terms.policyVersion).toBe(2);
    const offerId = made.body.offerId;

    const [a, b] = await Promise.all([
      kit.call('POST', `/offers/${offerId}/accept`, { token: agent, idempotencyKey: key() }),
      kit.call('POST', `/offers/${offerId}/accept`, { token: agent, idempotencyKey: key() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const agreement = (a.status === 201 ? a : b).body;
    expect((a.status === 409 ? a : b).headers.get('content-type')).toMatch(/problem\+json/);
    expect(agreement).toMatchObject({ offerId, status: 'active', debtorId, debtIds: [debtId] });
    expect(agreement.installments.map((i: { amount: unknown }) => i.amount)).toEqual(made.body.terms.schedule.map((i: { amount: unknown }) => i.amount));
    expect(agreement.total).toEqual(made.body.terms.total);
    expect((await kit.call('GET', `/offers/${offerId}`, { token: agent })).body).toMatchObject({ status: 'accepted', agreementId: agreement.agreementId });
    // accepted again later: still a 409, nothing written
    const late = await kit.call('POST', `/offers/${offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect([late.status, late.body.code]).toEqual([409, 'OFFER_ALREADY_ACCEPTED']);
    const charges = await kit.service.negotiation.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND event_type = 'InstallmentChargeRequested'", [
      `agreement-${agreement.agreementId}`,
    ]);
    expect(Number(charges[0]?.n)).toBe(agreement.installments.length);

    // the debtors service reacted to AgreementEntered (embedded transport)
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.status).toBe('in_agreement'));

    // payments issues the first installment's charge, then the debtor pays it
    const first = agreement.installments[0];
    const chargeId = randomUUID();
    const pix = '00020101021226830014br.gov.bcb.pix2561pix.example.com/qr/v2/cobv/9d36b84fc70b478fb95c12729b90ca256304ABCD';
    await kit.publishPayments(TENANT, 'ChargeIssued', {
      chargeId,
      debtorId,
      debtIds: [debtId],
      agreementId: agreement.agreementId,
      installment: 1,
      amount: first.amount,
      dueDate: first.dueDate,
      txid: 'NEG0000000000000000000000001',
      pixCopyPaste: pix,
      // the payments domain event, as the payments service appends it to the shared log
      boleto: { bankCode: '237', nossoNumero: '00000000001', barcode: '2'.repeat(44), line: '23790123456789012345678901234567890123456789012' },
      issuedAt: '2026-03-02T15:00:01.000Z',
    });
    await eventually(async () => {
      const seen = await kit.call('GET', `/agreements/${agreement.agreementId}`, { token: agent });
      expect(seen.body.installments[0].charge).toMatchObject({ chargeId, pixCopyPaste: pix, boletoLine: '23790123456789012345678901234567890123456789012' });
    });
    const payment = { paymentId: `pix-${randomUUID()}`, chargeId, debtorId, agreementId: agreement.agreementId, installment: 1, amount: first.amount, paidOn: '2026-03-02', method: 'pix', receivedAt: '2026-03-02T15:00:02.000Z' };
    await kit.publishPayments(TENANT, 'PaymentReceived', payment);
    await kit.publishPayments(TENANT, 'PaymentReceived', payment); // a redelivery of the same payment changes nothing
    await eventually(async () => {
      const seen = await kit.call('GET', `/agreements/${agreement.agreementId}`, { token: agent });
      expect(seen.body.installments[0]).toMatchObject({ paid: first.amount, remaining: { amount: 0 } });
    });
    const paidEvents = await kit.service.negotiation.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND event_type = 'InstallmentPaid'", [
      `agreement-${agreement.agreementId}`,
    ]);
    expect(Number(paidEvents[0]?.n)).toBe(1);

    // early settlement: a quote for the rest, no more than what remains
    const quote = await kit.call('POST', `/agreements/${agreement.agreementId}/early-settlement`, { token: agent, idempotencyKey: key(), body: { validUntil: '2026-03-05' } });
    expect(quote.status).toBe(201);
    expect(quote.body.amount.amount).toBeLessThanOrEqual(agreement.total.amount - first.amount.amount);
    expect(quote.body.installments.map((i: { installment: number }) => i.installment)).toEqual([2, 3]);

    // cancelled: the debt leaves agreement in the debtors service
    const cancelled = await kit.call('POST', `/agreements/${agreement.agreementId}/cancel`, { token: agent, idempotencyKey: key(), body: { cancelledBy: 'debtor', reason: 'pagou ao credor' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.status).not.toBe('in_agreement'));
    const again = await kit.call('POST', `/agreements/${agreement.agreementId}/cancel`, { token: agent, idempotencyKey: key(), body: { cancelledBy: 'debtor', reason: 'de novo' } });
    expect([again.status, again.body.code]).toEqual([422, 'AGREEMENT_ENDED']);
  });

  it('makes one agreement per debt: a second open offer on a debt already in agreement is refused on accept, and takes a new offer once that agreement ended', async () => {
    const { debtId } = await kit.registerDebt(integrator);
    const body = { kind: 'installments', count: 2, firstDueDate: '2026-03-10' };
    const first = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body });
    const second = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } });
    expect([first.status, second.status]).toEqual([201, 201]);
    const accepted = await kit.call('POST', `/offers/${first.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect(accepted.status).toBe(201);
    const refused = await kit.call('POST', `/offers/${second.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect([refused.status, refused.body.code]).toEqual([422, 'DEBT_NOT_NEGOTIABLE']);
    // nothing of the refused acceptance was written
    expect((await kit.call('GET', `/offers/${second.body.offerId}`, { token: agent })).body.status).toBe('open');
    const third = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } });
    expect([third.status, third.body.code]).toEqual([422, 'DEBT_NOT_NEGOTIABLE']);
    await kit.call('POST', `/agreements/${accepted.body.agreementId}/cancel`, { token: agent, idempotencyKey: key(), body: { cancelledBy: 'creditor', reason: 'renegociar' } });
    await eventually(async () => expect((await kit.call('POST', `/debts/${debtId}/offers/simulate`, { token: agent, body: { kind: 'cash' } })).status).toBe(200));
  });

  it('publishes OpenAPI at /docs', async () => {
    const docs = await kit.call('GET', '/docs/openapi.json', {});
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/policy', '/debts/{debtId}/offers/simulate', '/debts/{debtId}/offers', '/offers/{offerId}/accept', '/agreements/{agreementId}']));
  });
});
