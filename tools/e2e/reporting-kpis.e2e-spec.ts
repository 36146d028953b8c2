import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { REPORTING_PROTO_PATH } from '@collections/reporting-contracts';
import { CALL_OUTCOMES as CONTACTS_CALL_OUTCOMES } from '@collections/contacts-domain';
import { CALL_OUTCOMES } from '@collections/reporting-service';
import { eventually } from '@collections/shared-testing';
import { startReportingWithDebtors } from './reporting-with-debtors';
import { seedReportingScenario } from './reporting-scenario';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

/**
 * The KPIs of a small portfolio (reporting-scenario.ts) whose every figure is worked out by
 * hand: 3 debts of tenant-a (150,000 + 80,000 + 40,000 centavos placed on 2026-03-02),
 * CTR-1 paid 100,000 and 20,000 (the 20,000 charged back), CTR-2 paid 80,000, CTR-3 written
 * off; contacts sent by e-mail (02-20) and SMS (03-01) on CTR-1, WhatsApp on CTR-2 51 days
 * before its payment, a letter blocked on CTR-3; two promises (one kept, one broken); two
 * agreements (one completed, one broken); and one debt of tenant-b.
 * CTR-1 and CTR-2 are of segment "cartao" (portfolios lote-1 and lote-2), CTR-3 has none
 * ("default"). Calls: agent-1 no-answer (02-25) and right-party (02-26) on CTR-1,
 * right-party 41 days before CTR-2's payment (01-20) and wrong-party (02-10) on CTR-2;
 * agent-2 promise-to-pay on CTR-1 (02-27) and dispute-raised on CTR-3 (03-01); agent-3
 * right-party on CTR-2 after the period (03-03). Listing removals: R1 (CTR-1, spc+serasa,
 * due 02-17, confirmed 02-12 and 02-17: in time), R2 (CTR-2, due 02-23, breach 02-24,
 * confirmed 02-25: late), R3 (CTR-3, boavista+spc, due 02-27, spc only, breach 02-28:
 * overdue), R4 (CTR-1 again, 02-26, due 03-05, confirmed 03-03: due as of 03-02).
 */
describe('reporting KPIs from the debtors, contacts and negotiation events', () => {
  let kit: Awaited<ReturnType<typeof startReportingWithDebtors>>;
  let supervisor: string;
  let integrator: string;
  const debts: Record<'d1' | 'd2' | 'd3', string> = { d1: '', d2: '', d3: '' };

  beforeAll(async () => {
    kit = await startReportingWithDebtors('reporting_kpis');
    supervisor = await kit.token('tenant-a', 'supervisor');
    integrator = await kit.token('tenant-a', 'integrator');
    Object.assign(debts, await seedReportingScenario(kit));
  });
  afterAll(async () => {
    await kit?.close();
  });

  const period = '?from=2026-01-01&to=2026-03-02';

  it('answers the portfolio: placed, recovered net of reversals, written off, open and its aging as of the end of the period', async () => {
    const { status, body } = await kit.call('GET', `/reporting/portfolio${period}`, { token: supervisor });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-02',
      placed: { count: 3, amount: 270_000 },
      recovered: { count: 3, amount: 180_000 },
      writtenOff: { count: 1, amount: 40_000 },
      // CTR-2 was paid its original amount but still owes its late fee and interest: open, at 0 of its original amount
      open: { count: 2, amount: 50_000 },
      agingAsOf: '2026-03-02',
    });
    const aging = body.aging as { bucket: string; count: number; amount: number }[];
    expect(aging.map((b) => b.bucket)).toEqual(['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+']);
    expect(aging.reduce((sum, b) => sum + b.count, 0)).toBe(2);
    expect(aging.reduce((sum, b) => sum + b.amount, 0)).toBe(50_000);
  });

  it('answers the recovery rate by month and by channel, a payment going to the last contact sent within 30 days before it', async () => {
    const { status, body } = await kit.call('GET', `/reporting/recovery${period}`, { token: supervisor });
    expect(status).toBe(200);
    expect(body).toMatchObject({ placed: 270_000, recovered: 180_000, rate: 0.6667, byMonth: [{ month: '2026-03', placed: 270_000, recovered: 180_000, rate: 0.6667 }] });
    expect(body.attributionRule).toMatch(/30 days/);
    expect(body.byChannel).toEqual([
      { channel: 'sms', payments: 2, recovered: 100_000, rate: 0.3704 },
      { channel: 'unattributed', payments: 1, recovered: 80_000, rate: 0.2963 },
    ]);
  });

  it('answers contact attempts by channel and outcome, promises kept and agreements fulfilled', async () => {
    const contacts = await kit.call('GET', `/reporting/contact-attempts${period}`, { token: supervisor });
    expect(contacts.body.total).toBe(4);
    const line = (channel: string) => contacts.body.byChannel.find((c: { channel: string }) => c.channel === channel);
    expect(line('email')).toMatchObject({ sent: 1, total: 1 });
    expect(line('sms')).toMatchObject({ sent: 1, total: 1 });
    expect(line('whatsapp')).toMatchObject({ sent: 1, total: 1 });
    expect(line('letter')).toMatchObject({ sent: 0, blocked: 1, total: 1 });
    const promises = await kit.call('GET', `/reporting/promises${period}`, { token: supervisor });
    expect(promises.body).toMatchObject({ made: { count: 2, amount: 140_000 }, kept: { count: 1, amount: 100_000 }, broken: { count: 1, amount: 40_000 }, keptRate: 0.5 });
    const agreements = await kit.call('GET', `/reporting/agreements${period}`, { token: supervisor });
    expect(agreements.body).toMatchObject({ made: 2, fulfilled: 1, broken: 1, cancelled: 0, fulfilledRate: 0.5 });
  });

  it('breaks the portfolio and the recovery down by segment, and filters every KPI by segment and portfolio', async () => {
    const portfolio = (await kit.call('GET', `/reporting/portfolio${period}`, { token: supervisor })).body;
    expect(portfolio.bySegment).toEqual([
      { segment: 'cartao', placed: { count: 2, amount: 230_000 }, recovered: { count: 3, amount: 180_000 }, writtenOff: { count: 0, amount: 0 }, open: { count: 2, amount: 50_000 } },
      { segment: 'default', placed: { count: 1, amount: 40_000 }, recovered: { count: 0, amount: 0 }, writtenOff: { count: 1, amount: 40_000 }, open: { count: 0, amount: 0 } },
    ]);
    const recovery = (await kit.call('GET', `/reporting/recovery${period}`, { token: supervisor })).body;
    expect(recovery.bySegment).toEqual([
      { segment: 'cartao', placed: 230_000, recovered: 180_000, rate: 0.7826 },
      { segment: 'default', placed: 40_000, recovered: 0, rate: 0 },
    ]);

    const cartao = (kpi: string) => kit.call('GET', `/reporting/${kpi}${period}&segment=cartao`, { token: supervisor }).then((r) => r.body);
    expect(await cartao('portfolio')).toMatchObject({ placed: { count: 2, amount: 230_000 }, recovered: { count: 3, amount: 180_000 }, writtenOff: { count: 0, amount: 0 }, open: { count: 2, amount: 50_000 } });
    expect(await cartao('recovery')).toMatchObject({
      placed: 230_000,
      recovered: 180_000,
      rate: 0.7826,
      byChannel: [
        { channel: 'sms', payments: 2, recovered: 100_000, rate: 0.4348 },
        { channel: 'unattributed', payments: 1, recovered: 80_000, rate: 0.3478 },
      ],
      bySegment: [{ segment: 'cartao', placed: 230_000, recovered: 180_000, rate: 0.7826 }],
    });
    expect((await cartao('contact-attempts')).total).toBe(3);
    expect(await cartao('promises')).toMatchObject({ made: { count: 1, amount: 100_000 }, kept: { count: 1 }, broken: { count: 0 }, keptRate: 1 });
    expect(await cartao('agreements')).toMatchObject({ made: 2, fulfilled: 1, broken: 1 });
    expect(await cartao('legal-sla')).toMatchObject({ requested: 3, confirmedWithinSla: 1, confirmedLate: 1, pendingDue: 1, pendingOverdue: 0, breaches: 1 });
    expect((await cartao('agents')).agents.map((a: { agent: string; completed: number }) => [a.agent, a.completed])).toEqual([['agent-1', 4], ['agent-2', 1]]);

    const byDefault = (kpi: string) => kit.call('GET', `/reporting/${kpi}${period}&segment=default`, { token: supervisor }).then((r) => r.body);
    expect(await byDefault('portfolio')).toMatchObject({ placed: { count: 1, amount: 40_000 }, recovered: { count: 0, amount: 0 }, writtenOff: { count: 1, amount: 40_000 }, open: { count: 0, amount: 0 } });
    expect(await byDefault('contact-attempts')).toMatchObject({ total: 1, calls: { completed: 1, rightPartyContacts: 1 } });
    expect(await byDefault('promises')).toMatchObject({ made: { count: 1, amount: 40_000 }, kept: { count: 0 }, broken: { count: 1, amount: 40_000 }, keptRate: 0 });
    expect(await byDefault('agreements')).toMatchObject({ made: 0, fulfilled: 0, broken: 0, fulfilledRate: null });
    expect(await byDefault('legal-sla')).toMatchObject({ requested: 1, pendingOverdue: 1, breaches: 1 });

    const lote1 = (kpi: string, extra = '') => kit.call('GET', `/reporting/${kpi}${period}&portfolio=lote-1${extra}`, { token: supervisor }).then((r) => r.body);
    expect(await lote1('portfolio')).toMatchObject({ placed: { count: 1, amount: 150_000 }, recovered: { count: 2, amount: 100_000 }, open: { count: 1, amount: 50_000 } });
    expect(await lote1('recovery')).toMatchObject({ placed: 150_000, recovered: 100_000, rate: 0.6667, byChannel: [{ channel: 'sms', payments: 2, recovered: 100_000, rate: 0.6667 }] });
    expect(await lote1('agreements')).toMatchObject({ made: 1, fulfilled: 1, broken: 0 });
    // both filters at once: a portfolio of another segment has nothing
    expect(await lote1('portfolio', '&segment=default')).toMatchObject({ placed: { count: 0, amount: 0 }, open: { count: 0, amount: 0 }, bySegment: [] });

    const none = await kit.call('GET', `/reporting/recovery${period}&segment=nenhum`, { token: supervisor });
    expect(none.body).toMatchObject({ placed: 0, recovered: 0, rate: null, byChannel: [], byMonth: [], bySegment: [] });
  });

  it('answers the agent table: calls by outcome, right-party contacts and the recovery attributed to the last right-party call within 30 days', async () => {
    expect([...CALL_OUTCOMES].sort()).toEqual([...CONTACTS_CALL_OUTCOMES].sort());
    const { status, body } = await kit.call('GET', `/reporting/agents${period}`, { token: supervisor });
    expect(status).toBe(200);
    expect(body.attributionRule).toMatch(/last right-party call .* within 30 days/);
    expect(body.agents).toEqual([
      {
        agent: 'agent-1',
        completed: 4,
        rightPartyContacts: 2,
        rightPartyContactRate: 0.5,
        byOutcome: expect.objectContaining({ 'no-answer': 1, 'right-party-contact': 2, 'wrong-party': 1, 'promise-to-pay': 0 }),
        payments: 0,
        recovered: 0,
      },
      {
        agent: 'agent-2',
        completed: 2,
        rightPartyContacts: 2,
        rightPartyContactRate: 1,
        byOutcome: expect.objectContaining({ 'promise-to-pay': 1, 'dispute-raised': 1, 'no-answer': 0 }),
        payments: 2,
        recovered: 100_000,
      },
    ]);
    // CTR-2's right-party call was 41 days before its payment, the call inside the window was a wrong party
    expect(body.unattributed).toEqual({ payments: 1, recovered: 80_000 });
    const contacts = (await kit.call('GET', `/reporting/contact-attempts${period}`, { token: supervisor })).body;
    expect(contacts.calls).toMatchObject({ completed: 6, rightPartyContacts: 4, rightPartyContactRate: 0.6667 });
    expect(contacts.calls.byOutcome).toMatchObject({ 'no-answer': 1, 'right-party-contact': 2, 'wrong-party': 1, 'promise-to-pay': 1, 'dispute-raised': 1, busy: 0 });
    // the day after: agent-3's call is in
    const later = (await kit.call('GET', '/reporting/agents?from=2026-01-01&to=2026-03-03', { token: supervisor })).body;
    expect(later.agents.find((a: { agent: string }) => a.agent === 'agent-3')).toMatchObject({ completed: 1, rightPartyContacts: 1, payments: 0 });
  });

  it('answers the satisfaction survey: sent and answered by their own dates, scores, average and response rate, by agent and channel, and by segment', async () => {
    const { status, body } = await kit.call('GET', `/reporting/satisfaction${period}`, { token: supervisor });
    expect(status).toBe(200);
    const scores = (s: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, ...s });
    expect(body).toEqual({
      from: '2026-01-01',
      to: '2026-03-02',
      sent: 3,
      answered: 2,
      scores: scores({ '2': 1, '5': 1 }),
      averageScore: 3.5,
      responseRate: 0.6667,
      byAgent: [
        { agent: 'agent-1', sent: 1, answered: 1, scores: scores({ '5': 1 }), averageScore: 5, responseRate: 1 },
        { agent: 'agent-2', sent: 2, answered: 1, scores: scores({ '2': 1 }), averageScore: 2, responseRate: 0.5 },
      ],
      byChannel: [
        { channel: 'email', sent: 2, answered: 1, scores: scores({ '5': 1 }), averageScore: 5, responseRate: 0.5 },
        { channel: 'sms', sent: 1, answered: 1, scores: scores({ '2': 1 }), averageScore: 2, responseRate: 1 },
      ],
    });
    // CTR-1 and CTR-2 are "cartao": S1 and S2 only
    const cartao = (await kit.call('GET', `/reporting/satisfaction${period}&segment=cartao`, { token: supervisor })).body;
    expect(cartao).toMatchObject({ sent: 2, answered: 2, averageScore: 3.5, responseRate: 1 });
    // the day after the period: S4's 1 is in
    const later = (await kit.call('GET', '/reporting/satisfaction?from=2026-01-01&to=2026-03-03', { token: supervisor })).body;
    expect(later).toMatchObject({ sent: 4, answered: 3, averageScore: 2.67 });
    // another tenant sees none of it
    const other = (await kit.call('GET', `/reporting/satisfaction${period}`, { token: await kit.token('tenant-b', 'supervisor') })).body;
    expect(other).toMatchObject({ sent: 0, answered: 0, averageScore: null, responseRate: null, byAgent: [] });
  });

  it('answers the legal removal SLA: requested, confirmed in time or late, pending due or overdue as of the end, breaches', async () => {
    const now = await kit.call('GET', `/reporting/legal-sla${period}`, { token: supervisor });
    expect(now.status).toBe(200);
    expect(now.body).toEqual({ from: '2026-01-01', to: '2026-03-02', requested: 4, confirmedWithinSla: 1, confirmedLate: 1, pendingDue: 1, pendingOverdue: 1, breaches: 2, withinSlaRate: 0.5 });
    // as of 02-24: R4 not requested yet, R2 not confirmed yet and past its SLA day, R3 still in time
    const earlier = await kit.call('GET', '/reporting/legal-sla?from=2026-01-01&to=2026-02-24', { token: supervisor });
    expect(earlier.body).toEqual({ from: '2026-01-01', to: '2026-02-24', requested: 3, confirmedWithinSla: 1, confirmedLate: 0, pendingDue: 1, pendingOverdue: 1, breaches: 1, withinSlaRate: 1 });
    // as of 03-03: R4 confirmed (in time), R3 still overdue
    const later = await kit.call('GET', '/reporting/legal-sla?from=2026-03-01&to=2026-03-03', { token: supervisor });
    expect(later.body).toMatchObject({ requested: 0, confirmedWithinSla: 1, confirmedLate: 0, pendingDue: 0, pendingOverdue: 1, breaches: 0 });
  });

  it('costs each channel once configured: PUT and GET /reporting/channel-costs, and the cost per real recovered', async () => {
    const before = (await kit.call('GET', `/reporting/contact-attempts${period}`, { token: supervisor })).body;
    expect(before.costs).toEqual([]);
    const put = await kit.call('PUT', '/reporting/channel-costs', { token: supervisor, body: { costs: [{ channel: 'sms', centavosPerAttempt: 15 }, { channel: 'email', centavosPerAttempt: 5 }, { channel: 'voice', centavosPerAttempt: 100 }] } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ currency: 'BRL', costs: [{ channel: 'email', centavosPerAttempt: 5 }, { channel: 'sms', centavosPerAttempt: 15 }, { channel: 'voice', centavosPerAttempt: 100 }] });
    expect((await kit.call('GET', '/reporting/channel-costs', { token: await kit.token('tenant-a', 'auditor') })).body).toEqual(put.body);
    const contacts = (await kit.call('GET', `/reporting/contact-attempts${period}`, { token: supervisor })).body;
    expect(contacts.costs).toEqual([
      { channel: 'email', centavosPerAttempt: 5, attempts: 1, cost: 5, recovered: 0, costPerRecoveredReal: null },
      // 15 centavos for R$ 1,000.00 recovered
      { channel: 'sms', centavosPerAttempt: 15, attempts: 1, cost: 15, recovered: 100_000, costPerRecoveredReal: 0.015 },
      // voice: the calls completed
      { channel: 'voice', centavosPerAttempt: 100, attempts: 6, cost: 600, recovered: 0, costPerRecoveredReal: null },
    ]);
    // another tenant has none; an auditor or integrator cannot set them
    expect((await kit.call('GET', '/reporting/channel-costs', { token: await kit.token('tenant-b', 'supervisor') })).body.costs).toEqual([]);
    expect((await kit.call('PUT', '/reporting/channel-costs', { token: await kit.token('tenant-a', 'auditor'), body: { costs: [] } })).status).toBe(403);
    expect((await kit.call('PUT', '/reporting/channel-costs', { token: integrator, body: { costs: [] } })).status).toBe(403);
    // the same PUT again leaves the same table
    expect((await kit.call('PUT', '/reporting/channel-costs', { token: supervisor, body: { costs: [{ channel: 'sms', centavosPerAttempt: 15 }, { channel: 'email', centavosPerAttempt: 5 }, { channel: 'voice', centavosPerAttempt: 100 }] } })).body).toEqual(put.body);
  });

  it('computes every figure for a past period: as of 28 February nothing was placed yet', async () => {
    const portfolio = await kit.call('GET', '/reporting/portfolio?from=2026-01-01&to=2026-02-28', { token: supervisor });
    expect(portfolio.body).toMatchObject({ placed: { count: 0, amount: 0 }, open: { count: 0, amount: 0 }, recovered: { count: 0, amount: 0 } });
    const contacts = await kit.call('GET', '/reporting/contact-attempts?from=2026-01-01&to=2026-02-28', { token: supervisor });
    expect(contacts.body.total).toBe(3);
    const recovery = await kit.call('GET', '/reporting/recovery?from=2026-01-01&to=2026-02-28', { token: supervisor });
    expect(recovery.body).toMatchObject({ placed: 0, recovered: 0, rate: null, byChannel: [], byMonth: [] });
  });

  it("keeps each tenant's figures to itself", async () => {
    const other = await kit.token('tenant-b', 'auditor');
    const portfolio = await kit.call('GET', `/reporting/portfolio${period}`, { token: other });
    expect(portfolio.body).toMatchObject({ placed: { count: 1, amount: 999_999 }, recovered: { count: 0, amount: 0 }, open: { count: 1, amount: 999_999 } });
    const timeline = await kit.call('GET', `/reporting/debts/${debts.d1}/timeline`, { token: other });
    expect(timeline.status).toBe(404);
    expect(JSON.stringify(timeline.body)).not.toMatch(/DebtRegistered|150000/);
  });

  it("shows a debt's timeline: every event received that names it, in order", async () => {
    const { status, body } = await kit.call('GET', `/reporting/debts/${debts.d1}/timeline`, { token: supervisor });
    expect(status).toBe(200);
    const types = body.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('DebtRegistered');
    expect(types).toEqual(expect.arrayContaining(['DebtPaymentRecorded', 'DebtPaymentReversed', 'ContactSent', 'PromiseToPayKept']));
  });

  it('attributes a payment to a contact sent 30 days before it, not to one sent 31 days before', async () => {
    const integratorC = await kit.token('tenant-c', 'integrator');
    const place = async (reference: string, contactOn: string) => {
      const debtor = await kit.debtorsCall('POST', '/debtors', {
        token: integratorC,
        idempotencyKey: `attribution-${reference}-debtor`,
        body: { taxId: generateCpf(), name: 'Lia Souza', state: 'MG', timeZone: 'America/Sao_Paulo', contactPoints: [] },
      });
      const debt = await kit.debtorsCall('POST', '/debts', {
        token: integratorC,
        idempotencyKey: `attribution-${reference}-debt`,
        body: { debtorId: debtor.body.debtorId, contractReference: reference, originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-01-05', lateFeeRate: '0.02' },
      });
      const debtId: string = debt.body.debtId;
      await kit.publish('tenant-c', `dunning-${debtId}`, [
        { type: 'ContactSent', data: { debtId, stepId: 's', offsetDays: 1, cadenceVersion: 1, channel: 'whatsapp', at: `${contactOn}T23:59:00.000Z`, messageId: 'm', contactPointId: 'c', providerMessageId: 'p' } },
      ]);
      const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integratorC, idempotencyKey: `attribution-${reference}-paid`, body: { paymentId: `pix-${reference}`, amount: { amount: 1_000, currency: 'BRL' }, paidOn: '2026-03-02' } });
      expect(paid.status).toBe(200);
    };
    await place('D-30', '2026-01-31');
    await place('D-31', '2026-01-30');
    const supervisorC = await kit.token('tenant-c', 'supervisor');
    const recovery = await eventually(async () => {
      const answer = await kit.call('GET', '/reporting/recovery?from=2026-01-01&to=2026-03-02', { token: supervisorC });
      expect(answer.body.recovered).toBe(2_000);
      return answer.body;
    }, 30_000);
    expect(recovery.byChannel).toEqual([
      { channel: 'unattributed', payments: 1, recovered: 1_000, rate: 0.05 },
      { channel: 'whatsapp', payments: 1, recovered: 1_000, rate: 0.05 },
    ]);
  });

  it('refuses callers without a reporting role', async () => {
    expect((await kit.call('GET', `/reporting/portfolio${period}`, { token: integrator })).status).toBe(403);
    expect((await kit.call('GET', `/reporting/portfolio${period}`)).status).toBe(401);
    expect((await kit.call('POST', '/reporting/rebuild', { token: supervisor })).status).toBe(403);
  });

  it('rebuilds the facts from every event received and answers the same KPIs', async () => {
    const queries = ['portfolio', 'recovery', 'contact-attempts', 'promises', 'agreements', 'agents', 'legal-sla'].flatMap((kpi) => [`${kpi}${period}`, `${kpi}${period}&segment=cartao`, `${kpi}${period}&portfolio=lote-1`]);
    const before = await Promise.all(queries.map((query) => kit.call('GET', `/reporting/${query}`, { token: supervisor })));
    const admin = await kit.token('tenant-a', 'admin');
    const rebuilt = await kit.call('POST', '/reporting/rebuild', { token: admin });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.events).toBeGreaterThan(15);
    expect(rebuilt.body.facts).toBeGreaterThan(15);
    const after = await Promise.all(queries.map((query) => kit.call('GET', `/reporting/${query}`, { token: supervisor })));
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
  });

  it('streams each read model as CSV, this tenant only', async () => {
    const response = await fetch(`${kit.service.httpUrl}/reporting/exports/facts.csv`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('seq,type,debt_id,business_date,amount,channel,outcome,bucket,ref,ref_date');
    expect(lines.some((l) => l.includes('DebtRegistered') && l.includes('150000'))).toBe(true);
    expect(lines.some((l) => l.includes('999999'))).toBe(false);
    const events = await fetch(`${kit.service.httpUrl}/reporting/exports/events.csv`, { headers: { authorization: `Bearer ${supervisor}` } });
    const text = await events.text();
    expect(text.split('\r\n')[0]).toBe('seq,event_id,type,schema_version,topic,stream_id,occurred_at,payload');
    expect(text).toContain('collections.contacts.events.v1');
  });

  it('exports each read model as Parquet written by DuckDB, with the CSV export\'s rows, this tenant only', async () => {
    const csv = (await (await fetch(`${kit.service.httpUrl}/reporting/exports/facts.csv`, { headers: { authorization: `Bearer ${supervisor}` } })).text()).trim().split('\r\n');
    const response = await fetch(`${kit.service.httpUrl}/reporting/exports/facts.parquet`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(response.status).toBe(200);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reporting-parquet-test-'));
    const file = path.join(dir, 'facts.parquet');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(amount) FILTER (WHERE type = 'DebtRegistered')::INTEGER AS placed, typeof(any_value(business_date)) AS date_type FROM read_parquet('${file}')`);
      expect(reader.getRowObjectsJS()).toEqual([{ n: csv.length - 1, placed: 270_000, date_type: 'DATE' }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
    const events = await fetch(`${kit.service.httpUrl}/reporting/exports/events.parquet`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(events.status).toBe(200);
    expect(Buffer.from(await events.arrayBuffer()).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('serves the AsyncAPI catalogue of every topic, as committed in docs/', async () => {
    const response = await fetch(`${kit.service.httpUrl}/asyncapi.json`);
    expect(response.status).toBe(200);
    const served = await response.json();
    const committed = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/asyncapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('answers the portfolio and the recovery over gRPC as over REST', async () => {
    const definition = loadSync(REPORTING_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true });
    const pkg = loadPackageDefinition(definition) as any;
    const client: Client & Record<string, Unary> = new pkg.collections.reporting.v1.ReportingService(kit.service.grpcUrl, credentials.createInsecure());
    const call = (method: string, request: object, bearer = supervisor): Promise<any> => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${bearer}`);
      return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
    };
    try {
      const portfolio = await call('GetPortfolio', { from: '2026-01-01', to: '2026-03-02' });
      const rest = (await kit.call('GET', `/reporting/portfolio${period}`, { token: supervisor })).body;
      expect(portfolio).toMatchObject({ placed: rest.placed, recovered: rest.recovered, writtenOff: rest.writtenOff, open: rest.open, aging: rest.aging });
      const recovery = await call('GetRecovery', { from: '2026-01-01', to: '2026-03-02' });
      expect(recovery).toMatchObject({ placed: 270_000, recovered: 180_000, rate: 0.6667 });
      expect(recovery.byChannel).toEqual([expect.objectContaining({ channel: 'sms', recovered: 100_000, rate: 0.3704 }), expect.objectContaining({ channel: 'unattributed', recovered: 80_000 })]);
      expect(recovery.bySegment).toEqual([expect.objectContaining({ segment: 'cartao', placed: 230_000, recovered: 180_000 }), expect.objectContaining({ segment: 'default', placed: 40_000 })]);
      // the filters, as over REST
      const cartao = await call('GetPortfolio', { from: '2026-01-01', to: '2026-03-02', segment: 'cartao' });
      expect(cartao.placed).toEqual({ count: 2, amount: 230_000 });
      const agents = await call('GetAgents', { from: '2026-01-01', to: '2026-03-02' });
      const restAgents = (await kit.call('GET', `/reporting/agents${period}`, { token: supervisor })).body;
      expect(agents.agents.map((a: any) => [a.agent, a.completed, a.rightPartyContacts, a.rightPartyContactRate, a.payments, a.recovered, a.byOutcome['promise-to-pay']])).toEqual(
        restAgents.agents.map((a: any) => [a.agent, a.completed, a.rightPartyContacts, a.rightPartyContactRate, a.payments, a.recovered, a.byOutcome['promise-to-pay']]),
      );
      expect(agents.unattributed).toEqual(restAgents.unattributed);
      const legal = await call('GetLegalSla', { from: '2026-01-01', to: '2026-03-02', portfolio: 'lote-1' });
      expect(legal).toMatchObject((await kit.call('GET', `/reporting/legal-sla${period}&portfolio=lote-1`, { token: supervisor })).body);
      await expect(call('GetAgents', { segment: 'x'.repeat(51) })).rejects.toMatchObject({ code: 3 });
      await expect(call('GetLegalSla', { portfolio: 'a\u0000b' })).rejects.toMatchObject({ code: 3 });
      const satisfaction = await call('GetSatisfaction', { from: '2026-01-01', to: '2026-03-02' });
      const restSatisfaction = (await kit.call('GET', `/reporting/satisfaction${period}`, { token: supervisor })).body;
      expect(satisfaction.total).toMatchObject({ sent: restSatisfaction.sent, answered: restSatisfaction.answered, averageScore: restSatisfaction.averageScore, scores: { score2: 1, score5: 1 } });
      expect(satisfaction.byAgent.map((a: any) => [a.agent, a.sent, a.answered, a.averageScore])).toEqual(restSatisfaction.byAgent.map((a: any) => [a.agent, a.sent, a.answered, a.averageScore]));
      await expect(call('GetSatisfaction', { to: '2026-02-31' })).rejects.toMatchObject({ code: 3 });
      // a period with nothing placed: no rate (proto3 optional, absent), not 0 and not an error
      const empty = await call('GetRecovery', { from: '2026-01-01', to: '2026-02-28' });
      expect(empty).toMatchObject({ placed: 0, recovered: 0, byChannel: [], byMonth: [] });
      expect(empty.rate ?? null).toBeNull();
      // hostile values: INVALID_ARGUMENT, never INTERNAL, and it answers afterwards
      for (const from of ['2026-13-01', '2026-01-01\u0000x', '\ud800', '0000-01-01', '10000-01-01', 'x'.repeat(5_000)]) {
        await expect(call('GetPortfolio', { from })).rejects.toMatchObject({ code: 3 });
        await expect(call('GetRecovery', { to: from })).rejects.toMatchObject({ code: 3 });
      }
      await expect(call('GetPortfolio', { from: '2026-03-02', to: '2026-01-01' })).rejects.toMatchObject({ code: 3 });
      expect((await call('GetPortfolio', { from: '2026-01-01', to: '2026-03-02' })).placed).toEqual(rest.placed);
      await expect(call('GetPortfolio', {}, integrator)).rejects.toMatchObject({ code: 7 });
    } finally {
      client.close();
    }
  });
});
