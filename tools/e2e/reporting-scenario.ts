import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { eventually } from '@collections/shared-testing';
import type { startReportingWithDebtors } from './reporting-with-debtors';

type Kit = Awaited<ReturnType<typeof startReportingWithDebtors>>;

const brl = (amount: number) => ({ amount, currency: 'BRL' });
const at = (date: string) => `${date}T15:00:00.000Z`;

/**
 * A small portfolio whose every figure is worked out by hand (see reporting-kpis.e2e-spec.ts),
 * for tenant-a, and one debt of tenant-b: debts placed, paid, reversed and written off
 * through the debtors service's REST API; contacts, promises and agreements published as
 * the contacts and negotiation services publish them. Resolves once reporting has them all.
 */
export async function seedReportingScenario(kit: Kit): Promise<Record<'d1' | 'd2' | 'd3', string>> {
  let sequence = 0;
  const key = (): string => `reporting-scenario-${process.pid}-${++sequence}`;
  const integrator = await kit.token('tenant-a', 'integrator');
  const supervisor = await kit.token('tenant-a', 'supervisor');
  const debts: Record<'d1' | 'd2' | 'd3', string> = { d1: '', d2: '', d3: '' };
  async function placeDebt(tenant: string, amount: number, reference: string, labels: { segment?: string; portfolio?: string } = {}): Promise<string> {
    const token = await kit.token(tenant, 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Maria da Silva', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: 'maria@example.com', consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await kit.debtorsCall('POST', '/debts', {
      token,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: reference, originalAmount: brl(amount), dueDate: '2026-02-20', lateFeeRate: '0.02', ...labels },
    });
    expect(debt.status).toBe(201);
    return debt.body.debtId;
  }

  const step = (debtId: string, channel: string, date: string) => ({ debtId, stepId: `step-${channel}`, offsetDays: 1, cadenceVersion: 1, channel, at: at(date) });

    // segments and portfolios: CTR-1 and CTR-2 are "cartao" (lote-1, lote-2); CTR-3 has none (segment "default")
    debts.d1 = await placeDebt('tenant-a', 150_000, 'CTR-1', { segment: 'cartao', portfolio: 'lote-1' });
    debts.d2 = await placeDebt('tenant-a', 80_000, 'CTR-2', { segment: 'cartao', portfolio: 'lote-2' });
    debts.d3 = await placeDebt('tenant-a', 40_000, 'CTR-3');
    await placeDebt('tenant-b', 999_999, 'CTR-B');

    const pay = async (debtId: string, paymentId: string, amount: number) => {
      const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId, amount: brl(amount), paidOn: '2026-03-02' } });
      expect(paid.status).toBe(200);
    };
    await pay(debts.d1, 'pix-1', 100_000);
    await pay(debts.d1, 'pix-2', 20_000);
    const reversed = await kit.debtorsCall('POST', `/debts/${debts.d1}/payments/pix-2/reversal`, { token: integrator, idempotencyKey: key(), body: { reversedOn: '2026-03-02', reason: 'chargeback' } });
    expect(reversed.status).toBe(200);
    await pay(debts.d2, 'pix-3', 80_000);
    const writtenOff = await kit.debtorsCall('POST', `/debts/${debts.d3}/write-off`, { token: await kit.token('tenant-a', 'supervisor'), idempotencyKey: key(), body: { reason: 'prescrita' } });
    expect(writtenOff.status).toBeLessThan(300);

    // the contacts service's events on these debts
    await kit.publish('tenant-a', `dunning-${debts.d1}`, [
      { type: 'ContactSent', data: { ...step(debts.d1, 'email', '2026-02-20'), messageId: 'm-1', contactPointId: 'cp-1', providerMessageId: 'p-1' } },
      { type: 'ContactSent', data: { ...step(debts.d1, 'sms', '2026-03-01'), messageId: 'm-2', contactPointId: 'cp-2', providerMessageId: 'p-2' } },
      { type: 'PromiseToPayMade', data: { debtId: debts.d1, promiseId: crypto.randomUUID(), taskId: 't-1', amount: brl(100_000), madeOn: '2026-02-21', dueOn: '2026-03-02', madeBy: 'agent-1', madeAt: at('2026-02-21') } },
      { type: 'PromiseToPayKept', data: { debtId: debts.d1, promiseId: crypto.randomUUID(), paid: brl(100_000), keptOn: '2026-03-02' } },
    ]);
    await kit.publish('tenant-a', `dunning-${debts.d2}`, [
      // 51 days before its payment: outside the attribution window
      { type: 'ContactSent', data: { ...step(debts.d2, 'whatsapp', '2026-01-10'), messageId: 'm-3', contactPointId: 'cp-3', providerMessageId: 'p-3' } },
    ]);
    await kit.publish('tenant-a', `dunning-${debts.d3}`, [
      { type: 'ContactBlocked', data: { ...step(debts.d3, 'letter', '2026-02-25'), rule: { code: 'CONTACT_HOURS', article: 'Lei 15.426/2014', detail: 'fora do horário' } } },
      { type: 'PromiseToPayMade', data: { debtId: debts.d3, promiseId: crypto.randomUUID(), taskId: 't-2', amount: brl(40_000), madeOn: '2026-02-22', dueOn: '2026-02-26', madeBy: 'agent-2', madeAt: at('2026-02-22') } },
      { type: 'PromiseToPayBroken', data: { debtId: debts.d3, promiseId: crypto.randomUUID(), amount: brl(40_000), paid: brl(0), dueOn: '2026-02-26', asOf: '2026-02-28', brokenAt: at('2026-02-28') } },
    ]);
    // the contacts service's calls (CallTaskCompleted, published as CallOutcomeRecorded)
    const call = (debtId: string, agent: string, outcome: string, date: string) => ({
      type: 'CallTaskCompleted',
      data: { taskId: crypto.randomUUID(), debtId, agent, outcome, notes: null, completedAt: at(date) },
    });
    await kit.publish('tenant-a', `call-tasks-${debts.d1}`, [
      call(debts.d1, 'agent-1', 'no-answer', '2026-02-25'),
      call(debts.d1, 'agent-1', 'right-party-contact', '2026-02-26'),
      // the last right-party call within 30 days before CTR-1's payments: agent-2 gets them
      call(debts.d1, 'agent-2', 'promise-to-pay', '2026-02-27'),
    ]);
    await kit.publish('tenant-a', `call-tasks-${debts.d2}`, [
      // 41 days before CTR-2's payment: outside the window
      call(debts.d2, 'agent-1', 'right-party-contact', '2026-01-20'),
      // inside the window, but not a right-party contact: CTR-2's payment stays unattributed
      call(debts.d2, 'agent-1', 'wrong-party', '2026-02-10'),
      // after the period
      call(debts.d2, 'agent-3', 'right-party-contact', '2026-03-03'),
    ]);
    await kit.publish('tenant-a', `call-tasks-${debts.d3}`, [call(debts.d3, 'agent-2', 'dispute-raised', '2026-03-01')]);

    // the contacts service's satisfaction surveys after right-party calls (published as they are named)
    const survey = (debtId: string, agent: string, channel: 'sms' | 'email') => ({ surveyId: crypto.randomUUID(), taskId: crypto.randomUUID(), debtId, agent, channel });
    const s1 = survey(debts.d1, 'agent-1', 'email');
    const s2 = survey(debts.d2, 'agent-2', 'sms');
    const s3 = survey(debts.d3, 'agent-2', 'email');
    const s4 = survey(debts.d1, 'agent-1', 'email');
    const sent = (facts: ReturnType<typeof survey>, date: string) => ({ type: 'SatisfactionSurveySent', data: { ...facts, messageId: crypto.randomUUID(), contactPointId: 'cp-1', sentAt: at(date) } });
    const answered = (facts: ReturnType<typeof survey>, score: number, date: string) => ({ type: 'SatisfactionSurveyAnswered', data: { ...facts, score, answeredAt: at(date) } });
    // S1: 5 the next day; S2: 2, answered two days later; S3: not answered; S4: sent and answered after the period
    await kit.publish('tenant-a', `survey-${s1.surveyId}`, [sent(s1, '2026-02-26'), answered(s1, 5, '2026-02-27')]);
    await kit.publish('tenant-a', `survey-${s2.surveyId}`, [sent(s2, '2026-02-27'), answered(s2, 2, '2026-03-01')]);
    await kit.publish('tenant-a', `survey-${s3.surveyId}`, [sent(s3, '2026-03-01')]);
    await kit.publish('tenant-a', `survey-${s4.surveyId}`, [sent(s4, '2026-03-03'), answered(s4, 1, '2026-03-03')]);

    // the legal service's listing removals (5 business days each)
    await kit.publish('tenant-a', `escalation-${debts.d1}`, [
      // R1: both bureaus confirmed by its SLA day (the last on the day itself): within the SLA
      { type: 'EscalationRemovalRequested', data: { debtId: debts.d1, bureaus: ['spc', 'serasa'], reason: 'settled', since: '2026-02-10', slaDueOn: '2026-02-17', requestedAt: at('2026-02-10') } },
      { type: 'EscalationBureauRemovalConfirmed', data: { debtId: debts.d1, bureau: 'serasa', protocol: 'S-1', confirmedAt: at('2026-02-12') } },
      { type: 'EscalationBureauRemovalConfirmed', data: { debtId: debts.d1, bureau: 'spc', protocol: 'P-1', confirmedAt: at('2026-02-17') } },
      // R4: a second removal of CTR-1, confirmed only after the period: pending and due as of 03-02
      { type: 'EscalationRemovalRequested', data: { debtId: debts.d1, bureaus: ['serasa'], reason: 'agreement', since: '2026-02-26', slaDueOn: '2026-03-05', requestedAt: at('2026-02-26') } },
      { type: 'EscalationBureauRemovalConfirmed', data: { debtId: debts.d1, bureau: 'serasa', protocol: 'S-4', confirmedAt: at('2026-03-03') } },
    ]);
    await kit.publish('tenant-a', `escalation-${debts.d2}`, [
      // R2: confirmed two days after its SLA day: late, and a breach on the day after the SLA day
      { type: 'EscalationRemovalRequested', data: { debtId: debts.d2, bureaus: ['serasa'], reason: 'settled', since: '2026-02-16', slaDueOn: '2026-02-23', requestedAt: at('2026-02-16') } },
      { type: 'EscalationRemovalSlaBreached', data: { debtId: debts.d2, bureausPending: ['serasa'], slaDueOn: '2026-02-23', detectedAt: at('2026-02-24') } },
      { type: 'EscalationBureauRemovalConfirmed', data: { debtId: debts.d2, bureau: 'serasa', protocol: 'S-2', confirmedAt: at('2026-02-25') } },
    ]);
    await kit.publish('tenant-a', `escalation-${debts.d3}`, [
      // R3: one bureau of two never confirms: pending and overdue as of 03-02
      { type: 'EscalationRemovalRequested', data: { debtId: debts.d3, bureaus: ['boavista', 'spc'], reason: 'settled', since: '2026-02-20', slaDueOn: '2026-02-27', requestedAt: at('2026-02-20') } },
      { type: 'EscalationBureauRemovalConfirmed', data: { debtId: debts.d3, bureau: 'spc', protocol: 'P-3', confirmedAt: at('2026-02-23') } },
      { type: 'EscalationRemovalSlaBreached', data: { debtId: debts.d3, bureausPending: ['boavista'], slaDueOn: '2026-02-27', detectedAt: at('2026-02-28') } },
    ]);

    // the negotiation service's agreements
    const agreement = (debtId: string) => ({ agreementId: crypto.randomUUID(), debtorId: crypto.randomUUID(), debtIds: [debtId] });
    const first = agreement(debts.d1);
    const second = agreement(debts.d2);
    await kit.publish('tenant-a', `agreement-${first.agreementId}`, [
      { type: 'AgreementEntered', data: { ...first, enteredAt: at('2026-02-01') } },
      { type: 'AgreementEnded', data: { ...first, endedAt: at('2026-02-28'), reason: 'completed' } },
    ]);
    await kit.publish('tenant-a', `agreement-${second.agreementId}`, [
      { type: 'AgreementEntered', data: { ...second, enteredAt: at('2026-02-02') } },
      { type: 'AgreementEnded', data: { ...second, endedAt: at('2026-02-27'), reason: 'broken', unpaidInstallment: 1 } },
    ]);
    await eventually(async () => {
      const agreements = await kit.call('GET', '/reporting/agreements?from=2026-01-01&to=2026-03-02', { token: supervisor });
      expect(agreements.body.broken).toBe(1);
      const portfolio = await kit.call('GET', '/reporting/portfolio?from=2026-01-01&to=2026-03-02', { token: supervisor });
      expect(portfolio.body.writtenOff.count).toBe(1);
      const agents = await kit.call('GET', '/reporting/agents?from=2026-01-01&to=2026-03-03', { token: supervisor });
      expect(agents.body.agents.map((a: { agent: string }) => a.agent)).toEqual(['agent-1', 'agent-2', 'agent-3']);
      const satisfaction = await kit.call('GET', '/reporting/satisfaction?from=2026-01-01&to=2026-03-03', { token: supervisor });
      expect(satisfaction.body.answered).toBe(3);
      const legal = await kit.call('GET', '/reporting/legal-sla?from=2026-01-01&to=2026-03-03', { token: supervisor });
      expect(legal.body.breaches).toBe(2);
      expect(legal.body.confirmedLate).toBe(1);
    }, 30_000);
  return debts;
}
