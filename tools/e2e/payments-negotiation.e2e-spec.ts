import { randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { ExpectedVersion } from '@collections/shared-event-store';
import { nameBasedUuid } from '@collections/shared-kernel';
import { eventually } from '@collections/shared-testing';
import { startPaymentsWithDebtors } from './payments-with-debtors';

/**
 * The payments service's reactions to the negotiation context, through the real embedded
 * transport: the test writes what the negotiation service publishes (its domain events on
 * an `agreement-<id>` stream of the shared log, with the v1 payloads of the protocol) and
 * reads the effect through the payments API.
 */
describe('payments reacts to negotiation events', () => {
  let kit: Awaited<ReturnType<typeof startPaymentsWithDebtors>>;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `payments-neg-${process.pid}-${++sequence}`;
  const TENANT = 'banco-azul';

  beforeAll(async () => {
    kit = await startPaymentsWithDebtors('payments_negotiation');
    integrator = await kit.token(TENANT, 'integrator', 'supervisor');
    const settings = await kit.call('PUT', '/settings', {
      token: integrator,
      body: {
        pix: { key: '11.222.333/0001-81', merchantName: 'Banco Azul', merchantCity: 'Rio de Janeiro', locationBaseUrl: 'pix.azul.example/v2/cob' },
        boleto: { bankCode: '001', convenio: '7654321', carteira: '17', beneficiaryName: 'Banco Azul S.A.', beneficiaryTaxId: '11.222.333/0001-81' },
        webhookSecret: 'whsec-banco-azul-0123456789abcdef0123456789',
      },
    });
    expect(settings.status).toBe(200);
  });
  afterAll(async () => {
    await kit?.close();
  });

  async function debts(n: number): Promise<{ debtorId: string; debtIds: string[] }> {
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Ana Costa', state: 'RJ', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const debtIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const debt = await kit.debtorsCall('POST', '/debts', { token: integrator, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, contractReference: `AZ-${key()}`, originalAmount: { amount: 100_000, currency: 'BRL' }, dueDate: `2026-0${i + 1}-15`, lateFeeRate: '0.02' } });
      debtIds.push(debt.body.debtId);
    }
    return { debtorId: debtor.body.debtorId, debtIds };
  }

  /** What the negotiation service appends to its agreement stream (its domain events, carrying the v1 fields). */
  async function negotiationPublishes(agreementId: string, events: readonly { type: string; data: Record<string, unknown> }[]): Promise<void> {
    const store = kit.service.payments.store;
    const stream = `agreement-${agreementId}`;
    const { currentVersion } = await store.readStream(stream, { tenantId: TENANT });
    await store.appendToStream(
      stream,
      events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: { actor: 'system:negotiation' } })),
      { tenantId: TENANT, expectedVersion: currentVersion === 0 ? ExpectedVersion.noStream : ExpectedVersion.exact(currentVersion) },
    );
  }
  const installmentChargeId = (agreementId: string, installment: number) => nameBasedUuid('payments.installment-charge', TENANT, agreementId, String(installment));
  const chargeOf = async (chargeId: string) => kit.call('GET', `/charges/${chargeId}`, { token: integrator });

  it("issues each installment's charge once (PIX with its txid and a boleto), splits its payment over the agreement's debts, and cancels the open ones when the agreement breaks", async () => {
    const { debtorId, debtIds } = await debts(2);
    const agreementId = randomUUID();
    const installment = (n: number, dueDate: string) => ({
      type: 'InstallmentChargeRequested',
      data: { agreementId, debtorId, debtIds, installment: n, dueDate, amount: { amount: 25_000, currency: 'BRL' }, requestedAt: '2026-03-02T12:00:00.000Z' },
    });
    await negotiationPublishes(agreementId, [installment(1, '2026-03-05'), installment(2, '2026-04-05'), installment(1, '2026-03-05')]);

    const first = installmentChargeId(agreementId, 1);
    await eventually(async () => expect((await chargeOf(installmentChargeId(agreementId, 2))).status).toBe(200));
    const charge = (await chargeOf(first)).body;
    expect(charge).toMatchObject({ status: 'open', agreementId, installment: 1, debtorId, debtIds, amount: { amount: 25_000, currency: 'BRL' }, dueDate: '2026-03-05' });
    expect(charge.txid).toMatch(/^[a-f0-9]{32}$/);
    expect(charge.boleto.line).toMatch(/^\d{47}$/);
    const issued = await kit.service.payments.store.driver.query<{ n: string }>("SELECT count(*)::text AS n FROM es_events WHERE event_type = 'ChargeIssued' AND data->>'agreementId' = $1", [agreementId]);
    expect(issued[0]?.n).toBe('2');

    // the first installment is paid by TED; the oldest debt gets it all
    const paid = await kit.call('POST', '/payments', { token: integrator, idempotencyKey: key(), body: { method: 'ted', reference: `AZ-${agreementId.slice(0, 8)}`, amount: { amount: 25_000, currency: 'BRL' }, paidOn: '2026-03-02', chargeId: first } });
    expect(paid.body.allocations).toEqual([{ debtId: debtIds[0], amount: { amount: 25_000, currency: 'BRL' } }]);

    await negotiationPublishes(agreementId, [{ type: 'AgreementEnded', data: { agreementId, debtorId, debtIds, endedAt: '2026-03-20T12:00:00.000Z', reason: 'broken', unpaidInstallment: 2 } }]);
    await eventually(async () => expect((await chargeOf(installmentChargeId(agreementId, 2))).body.status).toBe('cancelled'));
    expect((await chargeOf(first)).body.status).toBe('paid');
    const [cancelled] = await kit.service.payments.store.driver.query<{ data: Record<string, unknown> }>("SELECT data FROM es_events WHERE event_type = 'ChargeCancelled' AND data->>'agreementId' = $1", [agreementId]);
    expect(cancelled?.data).toMatchObject({ reason: 'agreement_broken', installment: 2 });
  });

  it('leaves a completed agreement charges alone, and logs (does not wedge on) a request for a tenant with no PIX settings', async () => {
    const { debtorId, debtIds } = await debts(1);
    const agreementId = randomUUID();
    await negotiationPublishes(agreementId, [
      { type: 'InstallmentChargeRequested', data: { agreementId, debtorId, debtIds, installment: 1, dueDate: '2026-03-05', amount: { amount: 10_000, currency: 'BRL' }, requestedAt: '2026-03-02T12:00:00.000Z' } },
      { type: 'AgreementEnded', data: { agreementId, debtorId, debtIds, endedAt: '2026-03-20T12:00:00.000Z', reason: 'completed' } },
    ]);
    await eventually(async () => expect((await chargeOf(installmentChargeId(agreementId, 1))).status).toBe(200));
    // a tenant that never configured PIX: the request is refused by a rule, logged, and what follows still flows
    const otherAgreement = randomUUID();
    const store = kit.service.payments.store;
    await store.appendToStream(`agreement-${otherAgreement}`, [{ eventId: randomUUID(), type: 'InstallmentChargeRequested', data: { agreementId: otherAgreement, debtorId, debtIds, installment: 1, dueDate: '2026-03-05', amount: { amount: 10_000, currency: 'BRL' }, requestedAt: '2026-03-02T12:00:00.000Z' } }], { tenantId: 'sem-pix', expectedVersion: ExpectedVersion.noStream });
    const later = randomUUID();
    await negotiationPublishes(later, [{ type: 'InstallmentChargeRequested', data: { agreementId: later, debtorId, debtIds, installment: 1, dueDate: '2026-03-06', amount: { amount: 10_000, currency: 'BRL' }, requestedAt: '2026-03-02T12:00:00.000Z' } }]);
    await eventually(async () => expect((await chargeOf(installmentChargeId(later, 1))).status).toBe(200));
    expect((await chargeOf(installmentChargeId(agreementId, 1))).body.status).toBe('open');
  });
});
