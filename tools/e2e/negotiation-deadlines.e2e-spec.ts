import { eventually } from '@collections/shared-testing';
import { policyBody, startNegotiationWithDebtors, type NegotiationKit } from './negotiation-with-debtors';

const TENANT = 'neg-deadlines';

/**
 * The durable deadlines on real PostgreSQL, with the test kit's clock: an installment
 * unpaid past the tolerance breaks the agreement when its deadline passes, across a
 * restart of the service, once; an offer left open past its validity expires.
 */
describe('negotiation deadlines (PostgreSQL, test clock, restart)', () => {
  let kit: NegotiationKit;
  let agent: string;
  let integrator: string;
  let sequence = 0;
  const key = () => `neg-deadline-${process.pid}-${++sequence}`;
  const count = async (streamId: string, type: string) =>
    Number((await kit.service.negotiation.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND event_type = $2', [streamId, type]))[0]?.n);

  beforeAll(async () => {
    kit = await startNegotiationWithDebtors('negotiation_deadlines');
    agent = await kit.tokenAs('agent-1', TENANT, 'agent');
    integrator = await kit.token(TENANT, 'integrator');
    const supervisor = await kit.tokenAs('supervisor-1', TENANT, 'supervisor');
    expect((await kit.call('PUT', '/policy', { token: supervisor, idempotencyKey: key(), body: policyBody({ breakageToleranceDays: 5, offerValidityDays: 5 }) })).status).toBe(200);
  });
  afterAll(async () => kit?.close());

  it('breaks an agreement whose installment is unpaid past the tolerance when its deadline passes, after a restart, once', async () => {
    const { debtId } = await kit.registerDebt(integrator);
    const offer = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 3, firstDueDate: '2026-03-10' } });
    const accepted = await kit.call('POST', `/offers/${offer.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect(accepted.status).toBe(201);
    const agreementId = accepted.body.agreementId;
    const stream = `agreement-${agreementId}`;
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.status).toBe('in_agreement'));
    const deadline = async () =>
      (await kit.service.negotiation.store.driver.query<{ due_at: Date }>('SELECT due_at FROM negotiation_deadlines WHERE stream_id = $1', [stream]))[0]?.due_at.toISOString();
    // the day after the first due date (00:00 in São Paulo)
    expect(await deadline()).toBe('2026-03-11T03:00:00.000Z');

    // nothing is due before its time
    kit.clock.set('2026-03-11T02:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    expect(await count(stream, 'InstallmentOverdue')).toBe(0);

    // the day after: overdue, not broken (within the tolerance); the next deadline is the tolerance's end
    kit.clock.set('2026-03-11T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    expect(await count(stream, 'InstallmentOverdue')).toBe(1);
    expect(await count(stream, 'AgreementBroken')).toBe(0);
    expect(await deadline()).toBe('2026-03-16T03:00:00.000Z');

    // the service is down when the tolerance ends; restarted later, it breaks the agreement once
    kit.clock.set('2026-03-17T12:00:00.000Z');
    await kit.restart();
    await kit.service.negotiation.deadlines.runDue();
    await kit.service.negotiation.deadlines.runDue();
    expect(await count(stream, 'AgreementBroken')).toBe(1);
    expect(await count(stream, 'AgreementEnded')).toBe(1);
    expect(await deadline()).toBeUndefined();
    const agreement = await kit.call('GET', `/agreements/${agreementId}`, { token: agent });
    expect(agreement.body).toMatchObject({ status: 'broken', installments: [{ number: 1, overdue: true }, {}, {}] });
    // the debt leaves agreement in the debtors service (AgreementEnded broken)
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.status).not.toBe('in_agreement'));

    // renegotiated once (the policy's limit is 1): the new agreement says which one it replaces
    const again = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 2, firstDueDate: '2026-03-20' } });
    expect(again.status).toBe(201);
    const renegotiated = await kit.call('POST', `/offers/${again.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect(renegotiated.status).toBe(201);
    expect(renegotiated.body).toMatchObject({ renegotiationCount: 1, renegotiates: agreementId });
    // broken too: a third agreement would be beyond the limit
    kit.clock.set('2026-03-21T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    kit.clock.set('2026-03-27T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    expect(await count(`agreement-${renegotiated.body.agreementId}`, 'AgreementBroken')).toBe(1);
    await eventually(async () => expect((await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.status).not.toBe('in_agreement'));
    const third = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } });
    expect([third.status, third.body.code]).toEqual([422, 'RENEGOTIATION_LIMIT_REACHED']);
  });

  it('an installment paid within the tolerance breaks nothing; the deadline moves to the next installment', async () => {
    kit.clock.set('2026-03-02T15:00:00.000Z');
    const { debtId, debtorId } = await kit.registerDebt(integrator);
    const offer = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 2, firstDueDate: '2026-03-10' } });
    const accepted = await kit.call('POST', `/offers/${offer.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    const agreementId = accepted.body.agreementId;
    const stream = `agreement-${agreementId}`;
    kit.clock.set('2026-03-12T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    await kit.publishPayments(TENANT, 'PaymentReceived', {
      paymentId: `boleto-${agreementId}`,
      debtorId,
      agreementId,
      installment: 1,
      amount: accepted.body.installments[0].amount,
      paidOn: '2026-03-12',
      method: 'boleto',
      receivedAt: '2026-03-12T12:00:00.000Z',
    });
    await eventually(async () => expect(await count(stream, 'InstallmentPaid')).toBe(1));
    kit.clock.set('2026-03-20T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    expect(await count(stream, 'AgreementBroken')).toBe(0);
    const row = await kit.service.negotiation.store.driver.query<{ due_at: Date }>('SELECT due_at FROM negotiation_deadlines WHERE stream_id = $1', [stream]);
    expect(accepted.body.installments[1].dueDate).toBe('2026-04-10');
    expect(row[0]?.due_at.toISOString()).toBe('2026-04-11T03:00:00.000Z');
  });

  it('expires an offer left open past its validity; accepting it then is refused', async () => {
    kit.clock.set('2026-03-02T15:00:00.000Z');
    const { debtId } = await kit.registerDebt(integrator);
    const offer = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'cash' } });
    expect(offer.body.terms.expiresOn).toBe('2026-03-07');
    kit.clock.set('2026-03-07T20:00:00.000Z'); // still the 7th in São Paulo
    await kit.service.negotiation.deadlines.runDue();
    expect((await kit.call('GET', `/offers/${offer.body.offerId}`, { token: agent })).body.status).toBe('open');
    kit.clock.set('2026-03-08T12:00:00.000Z');
    await kit.service.negotiation.deadlines.runDue();
    expect((await kit.call('GET', `/offers/${offer.body.offerId}`, { token: agent })).body.status).toBe('expired');
    const refused = await kit.call('POST', `/offers/${offer.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect([refused.status, refused.body.code]).toEqual([422, 'OFFER_EXPIRED']);
  });
});
