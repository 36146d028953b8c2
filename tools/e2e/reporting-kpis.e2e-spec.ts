import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { REPORTING_PROTO_PATH } from '@collections/reporting-contracts';
import { eventually } from '@collections/shared-testing';
import { startReportingWithDebtors } from './reporting-with-debtors';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

const brl = (amount: number) => ({ amount, currency: 'BRL' });
const at = (date: string) => `${date}T15:00:00.000Z`;

/**
 * The KPIs of a small portfolio whose every figure is worked out by hand below: debts
 * placed, paid, reversed and written off through the debtors service's REST API; contacts,
 * promises and agreements published as the contacts and negotiation services publish them.
 */
describe('reporting KPIs from the debtors, contacts and negotiation events', () => {
  let kit: Awaited<ReturnType<typeof startReportingWithDebtors>>;
  let supervisor: string;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `reporting-kpis-${process.pid}-${++sequence}`;
  const debts: Record<'d1' | 'd2' | 'd3', string> = { d1: '', d2: '', d3: '' };

  async function placeDebt(tenant: string, amount: number, reference: string): Promise<string> {
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
      body: { debtorId: debtor.body.debtorId, contractReference: reference, originalAmount: brl(amount), dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    return debt.body.debtId;
  }

  const step = (debtId: string, channel: string, date: string) => ({ debtId, stepId: `step-${channel}`, offsetDays: 1, cadenceVersion: 1, channel, at: at(date) });

  beforeAll(async () => {
    kit = await startReportingWithDebtors('reporting_kpis');
    supervisor = await kit.token('tenant-a', 'supervisor');
    integrator = await kit.token('tenant-a', 'integrator');
    debts.d1 = await placeDebt('tenant-a', 150_000, 'CTR-1');
    debts.d2 = await placeDebt('tenant-a', 80_000, 'CTR-2');
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
    });
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

  it('refuses callers without a reporting role', async () => {
    expect((await kit.call('GET', `/reporting/portfolio${period}`, { token: integrator })).status).toBe(403);
    expect((await kit.call('GET', `/reporting/portfolio${period}`)).status).toBe(401);
    expect((await kit.call('POST', '/reporting/rebuild', { token: supervisor })).status).toBe(403);
  });

  it('rebuilds the facts from every event received and answers the same KPIs', async () => {
    const before = await Promise.all(['portfolio', 'recovery', 'contact-attempts', 'promises', 'agreements'].map((kpi) => kit.call('GET', `/reporting/${kpi}${period}`, { token: supervisor })));
    const admin = await kit.token('tenant-a', 'admin');
    const rebuilt = await kit.call('POST', '/reporting/rebuild', { token: admin });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.events).toBeGreaterThan(15);
    expect(rebuilt.body.facts).toBeGreaterThan(15);
    const after = await Promise.all(['portfolio', 'recovery', 'contact-attempts', 'promises', 'agreements'].map((kpi) => kit.call('GET', `/reporting/${kpi}${period}`, { token: supervisor })));
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
      await expect(call('GetPortfolio', { from: '2026-13-01' })).rejects.toMatchObject({ code: 3 });
      await expect(call('GetPortfolio', {}, integrator)).rejects.toMatchObject({ code: 7 });
    } finally {
      client.close();
    }
  });
});
