import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { eventually, freePort, httpCall, startEntryPoint, type EntryPointProcess } from '@collections/shared-testing';

const ROLES = ['integrator', 'agent', 'supervisor', 'auditor', 'admin'] as const;

interface Embedded extends EntryPointProcess {
  readonly api: string;
  readonly contacts: string;
  readonly payments: string;
  readonly legal: string;
  readonly reporting: string;
  readonly tokens: Record<string, string>;
}

/** What `npm start` runs, on its own data folder and ports; resolves once it printed the tokens. */
async function startEmbedded(env: Record<string, string>): Promise<Embedded> {
  const started = await startEntryPoint('tools/embedded/main.ts', env, (lines) => lines.some((line) => /^\s+admin\s+\S+\.\S+\.\S+$/.test(line)));
  const tokens: Record<string, string> = {};
  for (const line of started.lines) {
    const token = /^\s+(\w+)\s+(\S+\.\S+\.\S+)$/.exec(line);
    if (token && (ROLES as readonly string[]).includes(token[1]!)) tokens[token[1]!] = token[2]!;
  }
  const api = started.lines.map((line) => /^\s+REST\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  const contacts = started.lines.map((line) => /^\s+contacts\s+REST\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  const payments = started.lines.map((line) => /^\s+payments\s+REST\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  const legal = started.lines.map((line) => /^\s+legal\s+REST\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  const reporting = started.lines.map((line) => /^\s+reporting\s+REST\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  if (!api || !contacts || !payments || !legal || !reporting || Object.keys(tokens).length !== ROLES.length) throw new Error(`embedded mode did not print its addresses and tokens:\n${started.lines.join('\n')}`);
  return { ...started, api, contacts, payments, legal, reporting, tokens };
}

describe('embedded mode (npm start): one process, PGlite, no servers', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-e2e-'));
  let env: Record<string, string>;
  let running: Embedded | undefined;

  beforeAll(async () => {
    env = {
      EMBEDDED_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DEBTORS_HTTP_PORT: String(await freePort()),
      DEBTORS_GRPC_PORT: String(await freePort()),
      CONTACTS_HTTP_PORT: String(await freePort()),
      CONTACTS_GRPC_PORT: String(await freePort()),
      NEGOTIATION_HTTP_PORT: String(await freePort()),
      NEGOTIATION_GRPC_PORT: String(await freePort()),
      PAYMENTS_HTTP_PORT: String(await freePort()),
      PAYMENTS_GRPC_PORT: String(await freePort()),
      LEGAL_HTTP_PORT: String(await freePort()),
      LEGAL_GRPC_PORT: String(await freePort()),
      REPORTING_HTTP_PORT: String(await freePort()),
      REPORTING_GRPC_PORT: String(await freePort()),
    };
  });
  afterAll(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    httpCall(running!.api, method, url, {
      token,
      headers,
      ...(typeof body === 'string' ? { rawBody: body } : body !== undefined ? { body } : {}),
      ...(body !== undefined ? { idempotencyKey: `embedded-${Math.random().toString(36).slice(2)}` } : {}),
    });

  it('follows the README: demo portfolio, register, balance, consent, import, erasure, verification; data survives a restart', async () => {
    running = await startEmbedded(env);
    const { integrator, admin, auditor } = running.tokens as Record<'integrator' | 'admin' | 'auditor', string>;
    expect(running.lines.join('\n')).toMatch(/hash chain verified; demo portfolio loaded/);
    const demo = await call('GET', '/debts?pageSize=50', integrator);
    expect(demo.body.items).toHaveLength(6);

    const debtor = await call('POST', '/debtors', integrator, { taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', contactPoints: [{ kind: 'phone', value: '+5531987654321', consent: 'granted' }] });
    expect(debtor.status).toBe(201);
    const debt = await call('POST', '/debts', integrator, { debtorId: debtor.body.debtorId, contractReference: 'CTR-9', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' });
    expect(debt.status).toBe(201);
    const balance = await call('GET', `/debts/${debt.body.debtId}?asOf=2026-02-09`, integrator);
    expect(balance.body.balance).toMatchObject({ daysPastDue: 30, totalDue: { amount: 154_500 } });
    const optOut = await call('POST', `/debtors/${debtor.body.debtorId}/contact-points/${debtor.body.contactPoints[0].id}/opt-out`, integrator, { reason: 'pare de me ligar' });
    expect(optOut.body.contactPoints[0]).toMatchObject({ optedOut: true });

    const csv = ['taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate', '111.444.777-35,João Pereira,CE,America/Fortaleza,,,EMB-1,250.00,BRL,2026-01-10,0.02', '123,Bad,SP,,,,EMB-2,1.00,BRL,2026-01-10,0.02'].join('\n');
    const imported = await call('POST', '/imports', integrator, csv, { 'content-type': 'text/csv' });
    expect(imported.body).toMatchObject({ rows: 2, imported: 1, failed: 1, errors: [expect.objectContaining({ row: 2, field: 'taxId' })] });

    expect((await call('POST', `/debtors/${debtor.body.debtorId}/erasure`, admin, {})).status).toBe(200);
    expect((await call('GET', `/debtors/${debtor.body.debtorId}`, integrator)).body).toMatchObject({ erased: true, name: '[erased]' });
    expect((await call('GET', '/audit/verification', auditor)).body).toMatchObject({ ok: true });

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    // the second start finds its data: no second demo portfolio, the new debt still listed
    running = await startEmbedded(env);
    expect(running.lines.join('\n')).not.toMatch(/demo portfolio loaded/);
    const after = await call('GET', '/debts?pageSize=50', running.tokens['integrator']!);
    expect(after.body.items.map((d: { contractReference: string }) => d.contractReference)).toEqual(expect.arrayContaining(['CTR-9', 'EMB-1']));
    expect(after.body.items).toHaveLength(8);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('follows the README for contacts: the demo cadence ran, a timeline with its evidence, template, cadence, hold, inbound opt-out', async () => {
    running = await startEmbedded(env);
    const { integrator, supervisor } = running.tokens as Record<'integrator' | 'supervisor', string>;
    const contacts = (method: string, url: string, token: string, body?: unknown) =>
      httpCall(running!.contacts, method, url, {
        token,
        ...(body !== undefined ? { body } : {}),
        ...(method !== 'GET' ? { idempotencyKey: `embedded-${Math.random().toString(36).slice(2)}` } : {}),
      });
    const demo = (await call('GET', '/debts?pageSize=50', integrator)).body.items as { debtId: string; contractReference: string }[];
    const debt = demo.find((d) => d.contractReference.startsWith('DEMO-'))!;
    const timeline = await contacts('GET', `/debts/${debt.debtId}/contacts`, supervisor);
    expect(timeline.status).toBe(200);
    expect(timeline.body.status).toBe('running');

    expect((await contacts('PUT', '/creditor', supervisor, { name: 'Credor Demonstração S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' })).status).toBe(200);
    const noCreditor = await contacts('POST', '/templates', supervisor, { name: 'Sem credor', channel: 'sms', body: 'Olá {{debtor.firstName}}, pague {{debt.balance}}.' });
    expect(noCreditor.status).toBe(400);
    const template = await contacts('POST', '/templates', supervisor, {
      name: 'Lembrete SMS',
      channel: 'sms',
      body: '{{creditor.name}} ({{creditor.taxId}}, {{creditor.address}}): {{debtor.firstName}}, o contrato {{debt.contractReference}} vence em {{debt.dueDate}}.',
    });
    expect(template.status).toBe(201);
    const cadence = await contacts('POST', '/cadences', supervisor, { name: 'Lembrete antes do vencimento', segment: 'lembrete', steps: [{ stepId: 'd-3-sms', offsetDays: -3, channel: 'sms', templateId: template.body.templateId }] });
    expect(cadence.status).toBe(201);

    const held = await contacts('POST', `/debts/${debt.debtId}/holds`, integrator, { kind: 'bankruptcy', reason: 'recuperação judicial' });
    expect(held.body.status).toBe('paused');
    const released = await contacts('DELETE', `/debts/${debt.debtId}/holds/bankruptcy`, supervisor, undefined);
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('running');
    const inbound = await contacts('POST', '/inbound-messages', integrator, { channel: 'email', from: 'maria.silva@example.com', text: 'Por favor, não quero mais receber esses e-mails' });
    expect(inbound.status).toBe(202);
    expect(inbound.body.optOut).toBe('nao quero mais receber');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('follows the README for payments: the demo charge paid by PIX, a charge on a debt, a signed PIX notification, a parked TED matched by hand, a reversal, a boleto line, a return file', async () => {
    running = await startEmbedded(env);
    const { integrator } = running.tokens as Record<'integrator', string>;
    const payments = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      httpCall(running!.payments, method, url, {
        token: integrator,
        headers,
        ...(typeof body === 'string' ? { rawBody: body } : body !== undefined ? { body } : {}),
        ...(method !== 'GET' ? { idempotencyKey: `embedded-${Math.random().toString(36).slice(2)}` } : {}),
      });
    const demoLine = running.lines.find((line) => /payments: demo/.test(line))!;
    const demoCharge = /charge ([0-9a-f-]{36})/.exec(demoLine)![1]!;
    const secret = /PIX webhook secret "([^"]+)"/.exec(demoLine)![1]!;
    expect((await payments('GET', `/charges/${demoCharge}`)).body).toMatchObject({ chargeId: demoCharge, paid: { amount: 30_000 } });
    expect((await payments('GET', '/payments/pix-E00000000202600000000DEMO0000001')).body).toMatchObject({ status: 'allocated', allocations: [{ amount: { amount: 30_000 } }] });

    const debts = (await call('GET', '/debts?pageSize=50', integrator)).body.items as { debtId: string; contractReference: string }[];
    const debt = debts.find((d) => d.contractReference === 'DEMO-2-1')!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date(Date.now() + 10 * 86_400_000));
    const charge = await payments('POST', '/charges', { debtIds: [debt.debtId], dueDate });
    expect(charge.status).toBe(201);
    expect((await payments('GET', `/charges/${charge.body.chargeId}/qr.png`)).headers.get('content-type')).toBe('image/png');
    expect((await payments('GET', `/charges/${charge.body.chargeId}/boleto.pdf`)).headers.get('content-type')).toBe('application/pdf');

    // a PSP's notification, signed as the README's openssl line signs it
    const body = JSON.stringify({ pix: [{ endToEndId: 'E00000000202611281200TRY00000001', txid: charge.body.txid, valor: '100.00', horario: new Date().toISOString() }] });
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    const notified = await httpCall(running.payments, 'POST', '/webhooks/pix/demo-credor', { rawBody: body, headers: { 'x-webhook-signature': signature } });
    expect(notified.body.results[0]).toMatchObject({ status: 'allocated' });

    const ted = await payments('POST', '/payments', { method: 'ted', reference: 'TRY-TED-1', amount: { amount: 5_000, currency: 'BRL' }, paidOn: today });
    expect(ted.body.status).toBe('parked');
    expect((await payments('GET', '/reconciliation/unmatched')).body.items.map((i: { paymentId: string }) => i.paymentId)).toContain('ted-TRY-TED-1');
    const matched = await payments('POST', '/reconciliation/unmatched/ted-TRY-TED-1/match', { chargeId: charge.body.chargeId });
    expect(matched.body).toMatchObject({ status: 'allocated', allocations: [{ debtId: debt.debtId, amount: { amount: 5_000 } }] });
    const reversed = await payments('POST', '/payments/ted-TRY-TED-1/reversal', { kind: 'chargeback', reason: 'MED' });
    expect(reversed.body.status).toBe('reversed');
    const line = await payments('POST', '/boletos/validate', { line: '00190.00009 01149.718601 68524.522114 6 75860000102656' });
    expect(line.body).toMatchObject({ valid: true, bankCode: '001' });
    const file = await payments('POST', '/reconciliation/files', '0'.repeat(240), { 'content-type': 'text/plain' });
    expect(file.status).toBe(200);
    expect(file.body.counts.rejected).toBeGreaterThanOrEqual(1);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('follows the README for legal: fake bureaus announced, the demo policy and notices, a policy below the minimum refused, a listing without notice refused, the SLA view, the dossier', async () => {
    running = await startEmbedded(env);
    const { integrator, admin, supervisor, auditor } = running.tokens as Record<'integrator' | 'admin' | 'supervisor' | 'auditor', string>;
    expect(running.lines.some((line) => /legal: the bureaus are local fakes \(Serasa http/.test(line))).toBe(true);
    expect(running.lines.some((line) => /legal: the demo escalation ran: [1-9]\d* prior notice\(s\) requested/.test(line))).toBe(true);
    const legal = (method: string, url: string, token: string, body?: unknown) =>
      httpCall(running!.legal, method, url, {
        token,
        ...(body !== undefined ? { body } : {}),
        ...(method !== 'GET' ? { idempotencyKey: `embedded-${Math.random().toString(36).slice(2)}` } : {}),
      });
    const policy = await legal('GET', '/escalation-policy', admin);
    expect(policy.body).toMatchObject({ version: 1, triggerDaysPastDue: 60, noticePeriodDays: 10 });
    const below = await legal('PUT', '/escalation-policy', admin, { noticePeriodDays: 5, legalMinimumNoticeDays: 10 });
    expect(below.status).toBe(400);
    expect(JSON.stringify(below.body)).toContain('legal minimum');

    const demo = (await call('GET', '/debts?pageSize=50', integrator)).body.items as { debtId: string; contractReference: string }[];
    const old = demo.find((d) => d.contractReference === 'DEMO-1-1')!;
    const escalation = await legal('GET', `/escalations/${old.debtId}`, integrator);
    expect(escalation.status).toBe(200);
    // requested by legal, then sent by the contacts service's scheduler (letter and e-mail) within seconds
    const notice = escalation.body.notice.status as string;
    expect(['requested', 'sent']).toContain(notice);
    const listing = await legal('POST', `/escalations/${old.debtId}/listing`, supervisor, {});
    expect(listing.status).toBe(422);
    // before the proof of sending: no notice; after it: its 10-day period has not run
    expect(JSON.stringify(listing.body)).toMatch(notice === 'requested' ? /LEGAL_NOTICE_MISSING|LEGAL_NOTICE_PERIOD_RUNNING/ : /LEGAL_NOTICE_PERIOD_RUNNING/);
    await eventually(async () => expect((await legal('GET', `/escalations/${old.debtId}`, integrator)).body.notice.status).toBe('sent'), 30_000);
    expect((await legal('GET', '/removals?status=overdue', admin)).status).toBe(200);
    const dossier = await legal('GET', `/escalations/${old.debtId}/dossier`, auditor);
    expect(dossier.status).toBe(200);
    expect(dossier.body.sources.debtHistory).toBe('debtors-api');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('follows the README for reporting: the demo figures, recovery, contact attempts, a timeline, the CSV export, a rebuild, the AsyncAPI catalogue, the dashboard', async () => {
    running = await startEmbedded(env);
    const { supervisor, admin, integrator } = running.tokens as Record<'supervisor' | 'admin' | 'integrator', string>;
    const reporting = (method: string, url: string, token?: string, body?: unknown) => httpCall(running!.reporting, method, url, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
    // the start-up line names the dashboard and the demo's figures
    // (the tests before this one added debts and payments of their own to the demo's)
    const line = running.lines.find((l) => /^\s+reporting: \d+ events received/.test(l)) ?? '';
    const [, placed, recovered] = /this year (\d+) debts placed .*, (R\$\s[\d.]+,\d\d) recovered.*\/painel$/.exec(line) ?? [];
    // the other services' demo events reach reporting through the shared log within moments of the start-up line
    const portfolio = await eventually(async () => {
      const answer = await reporting('GET', '/reporting/portfolio', supervisor);
      expect(answer.status).toBe(200);
      expect(answer.body.placed.count).toBeGreaterThanOrEqual(Math.max(6, Number(placed)));
      expect(answer.body.recovered.amount).toBeGreaterThanOrEqual(30_000);
      return answer;
    }, 20_000, 200);
    expect(recovered).toMatch(/^R\$\s[\d.]+,\d\d$/);
    const recovery = await reporting('GET', `/reporting/recovery?from=${new Date().getUTCFullYear()}-01-01`, supervisor);
    expect(recovery.body.recovered).toBe(portfolio.body.recovered.amount);
    const contacts = await reporting('GET', '/reporting/contact-attempts', supervisor);
    expect(contacts.body.total).toBeGreaterThan(0);
    // the demo's debts carry no segment: all of them are "default"
    const bySegment = await reporting('GET', '/reporting/portfolio?segment=default', supervisor);
    expect(bySegment.body.placed.count).toBeLessThanOrEqual(portfolio.body.placed.count);
    expect(bySegment.body.placed.count).toBeGreaterThanOrEqual(6);
    const agents = await reporting('GET', '/reporting/agents', supervisor);
    expect(agents.status).toBe(200);
    expect(agents.body.attributionRule).toMatch(/right-party/);
    const legalSla = await reporting('GET', '/reporting/legal-sla', supervisor);
    expect(legalSla.body).toMatchObject({ requested: expect.any(Number), pendingOverdue: expect.any(Number) });
    const costs = await reporting('PUT', '/reporting/channel-costs', supervisor, { costs: [{ channel: 'email', centavosPerAttempt: 3 }, { channel: 'sms', centavosPerAttempt: 9 }] });
    expect(costs.status).toBe(200);
    expect((await reporting('GET', '/reporting/contact-attempts', supervisor)).body.costs.map((c: { channel: string }) => c.channel)).toEqual(['email', 'sms']);
    const demo = (await call('GET', '/debts?pageSize=50', integrator)).body.items as { debtId: string; contractReference: string }[];
    const timeline = await reporting('GET', `/reporting/debts/${demo.find((d) => d.contractReference === 'DEMO-1-1')!.debtId}/timeline`, supervisor);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['DebtRegistered', 'PaymentAllocated', 'DebtPaymentRecorded']));
    const csv = await fetch(`${running.reporting}/reporting/exports/events.csv`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect((await csv.text()).split('\r\n').length).toBeGreaterThan(10);
    const parquet = await fetch(`${running.reporting}/reporting/exports/facts.parquet`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(Buffer.from(await parquet.arrayBuffer()).subarray(0, 4).toString()).toBe('PAR1');
    const rebuilt = await reporting('POST', '/reporting/rebuild', admin);
    expect(rebuilt.body).toMatchObject({ events: expect.any(Number), facts: expect.any(Number) });
    expect((await reporting('GET', '/reporting/portfolio', supervisor)).body).toEqual(portfolio.body);
    const asyncapi = await reporting('GET', '/asyncapi.json');
    expect(asyncapi.body.asyncapi).toBe('3.0.0');
    const page = await fetch(`${running.reporting}/painel`);
    expect(await page.text()).toContain('Token de acesso');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('keeps writing after a hostile write and while psql or pg_dump change the shared session on the embedded port', async () => {
    running = await startEmbedded(env);
    const { integrator } = running.tokens as Record<'integrator', string>;
    // a CPF of its own: the demo portfolio's debtors hold theirs (one CPF is one debtor of a tenant)
    const register = (name: string) => call('POST', '/debtors', integrator, { taxId: '935.411.347-80', name, state: 'SP', contactPoints: [] });
    const debtor = await register('Maria Souza');
    expect(debtor.status).toBe(201);
    const newDebt = (reference: string) =>
      call('POST', '/debts', integrator, { debtorId: debtor.body.debtorId, contractReference: reference, originalAmount: { amount: 1_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' });

    // PostgreSQL refuses a NUL in jsonb: whatever the answer, the next write must work
    const nul = await newDebt('CTR\u0000NUL');
    expect(nul.status).not.toBe(201);
    expect((await newDebt('CTR-AFTER-NUL')).status).toBe(201);

    // an outside client on the same (single) session: what pg_dump and a careless psql do
    const outside = new Client({ host: '127.0.0.1', port: Number(env['EMBEDDED_PG_PORT']), user: 'postgres', database: 'postgres' });
    await outside.connect();
    try {
      await outside.query(`SELECT pg_catalog.set_config('search_path', '', false)`);
      await outside.query('SET statement_timeout = 1');
      await outside.query('PREPARE es_append_one AS SELECT 1');
      expect((await newDebt('CTR-DURING-SET')).status).toBe(201);
      expect((await call('GET', `/debtors/${debtor.body.debtorId}`, integrator)).status).toBe(200);
      // a dump's long read-only transaction: the service waits for it rather than joining it
      await outside.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await outside.query('SELECT count(*) FROM public.es_events');
      const during = newDebt('CTR-DURING-DUMP');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await outside.query('COMMIT');
      expect((await during).status).toBe(201);
    } finally {
      await outside.end();
    }
    expect((await newDebt('CTR-AFTER-OUTSIDE')).status).toBe(201);
    const listed = await call('GET', `/debts?debtorId=${debtor.body.debtorId}&pageSize=50`, integrator);
    expect(listed.status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});
