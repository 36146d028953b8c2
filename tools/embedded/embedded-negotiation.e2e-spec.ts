import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freePort, httpCall, startEntryPoint, type EntryPointProcess } from '@collections/shared-testing';

/**
 * `npm start` with the negotiation service, following the README's "Negotiation" steps:
 * the demo policy and agreement in progress, then an offer simulated, made and accepted
 * on another demo debt, which goes into agreement in the debtors service, an early
 * settlement quoted and the agreement cancelled; the printed self-service link opens the
 * debtor's page once.
 */
describe('embedded mode (npm start): the negotiation service and its demo', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-negotiation-e2e-'));
  let running: EntryPointProcess | undefined;

  afterAll(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows an agreement in progress, and takes an offer from simulation to agreement as the README says', async () => {
    const env = {
      EMBEDDED_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DEBTORS_HTTP_PORT: String(await freePort()),
      DEBTORS_GRPC_PORT: String(await freePort()),
      CONTACTS_HTTP_PORT: String(await freePort()),
      CONTACTS_GRPC_PORT: String(await freePort()),
      NEGOTIATION_HTTP_PORT: String(await freePort()),
      NEGOTIATION_GRPC_PORT: String(await freePort()),
      REPORTING_HTTP_PORT: String(await freePort()),
      REPORTING_GRPC_PORT: String(await freePort()),
    };
    running = await startEntryPoint('tools/embedded/main.ts', env, (lines) => lines.some((line) => /^\s+admin\s+\S+\.\S+\.\S+$/.test(line)));
    const lines = running.lines;
    const token = (role: string) => lines.map((line) => new RegExp(`^\\s+${role}\\s+(\\S+\\.\\S+\\.\\S+)$`).exec(line)?.[1]).find(Boolean)!;
    const T = token('agent');
    const SUPERVISOR = token('supervisor');
    const INTEGRATOR = token('integrator');
    const N = `http://127.0.0.1:${env.NEGOTIATION_HTTP_PORT}`;
    const API = `http://127.0.0.1:${env.DEBTORS_HTTP_PORT}`;
    const demo = lines.map((line) => /negotiation: demo agreement (\S+) active: (\d+) installments/.exec(line)).find(Boolean);
    expect(demo).toBeTruthy();
    expect(lines.join('\n')).toMatch(new RegExp(`negotiation REST ${N}`));

    const policy = await httpCall(N, 'GET', '/policy', { token: T });
    expect(policy.status).toBe(200);
    expect(policy.body.version).toBe(1);
    const inProgress = await httpCall(N, 'GET', `/agreements/${demo![1]}`, { token: T });
    expect(inProgress.body).toMatchObject({ status: 'active' });
    expect(inProgress.body.installments).toHaveLength(Number(demo![2]));
    await eventually(async () => expect((await httpCall(API, 'GET', `/debts/${inProgress.body.debtIds[0]}`, { token: INTEGRATOR })).body.status).toBe('in_agreement'));

    // the printed one-time link to the debtor's page: it opens once (a session cookie), then the page offers the debt (DEMO-2-1)
    const link = lines.map((line) => /negotiation: the debtor's self-service page \(open in a browser\): (\S+)/.exec(line)?.[1]).find(Boolean);
    expect(link).toBeDefined();
    const opened = await fetch(link!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL(opened.headers.get('location')!, link).toString(), { headers: { cookie } });
    expect(page.status).toBe(200);
    const debts = await httpCall(API, 'GET', '/debts?pageSize=50', { token: INTEGRATOR });
    const debtId = debts.body.items.find((d: { contractReference: string }) => d.contractReference === 'DEMO-2-1').debtId;
    expect(await page.text()).toContain(`name="debtId" value="${debtId}"`);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(409);

    const firstDueDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const body = { kind: 'installments', count: 4, firstDueDate };
    const simulated = await httpCall(N, 'POST', `/debts/${debtId}/offers/simulate`, { token: T, body });
    expect(simulated.status).toBe(200);
    const balance = await httpCall(API, 'GET', `/debts/${debtId}?asOf=${simulated.body.terms.asOf}`, { token: INTEGRATOR });
    expect(simulated.body.terms.balance.total).toEqual(balance.body.balance.totalDue);
    expect(simulated.body.terms.total.amount).toBeLessThanOrEqual(balance.body.balance.totalDue.amount);
    const made = await httpCall(N, 'POST', `/debts/${debtId}/offers`, { token: T, idempotencyKey: 'try-offer-0001', body });
    expect(made.status).toBe(201);
    const accepted = await httpCall(N, 'POST', `/offers/${made.body.offerId}/accept`, { token: T, idempotencyKey: 'try-accept-0001' });
    expect(accepted.status).toBe(201);
    const agreementId = accepted.body.agreementId;
    await eventually(async () => expect((await httpCall(API, 'GET', `/debts/${debtId}`, { token: INTEGRATOR })).body.status).toBe('in_agreement'));

    // beyond the agent's limit the offer waits for a supervisor
    const other = debts.body.items.find((d: { contractReference: string }) => d.contractReference === 'DEMO-3-1').debtId;
    const generous = await httpCall(N, 'POST', `/debts/${other}/offers`, { token: T, idempotencyKey: 'try-offer-0002', body: { kind: 'cash', discount: { amount: 2_500, currency: 'BRL' } } });
    expect(generous.body.status).toBe('awaiting_approval');
    const approved = await httpCall(N, 'POST', `/offers/${generous.body.offerId}/approve`, { token: SUPERVISOR, idempotencyKey: 'try-approve-0001' });
    expect(approved.body.status).toBe('open');

    const quote = await httpCall(N, 'POST', `/agreements/${agreementId}/early-settlement`, { token: T, idempotencyKey: 'try-quote-0001' });
    expect(quote.status).toBe(201);
    expect(quote.body.amount.amount).toBeLessThanOrEqual(accepted.body.total.amount);
    const cancelled = await httpCall(N, 'POST', `/agreements/${agreementId}/cancel`, { token: T, idempotencyKey: 'try-cancel-0001', body: { cancelledBy: 'debtor', reason: 'pagou ao credor' } });
    expect(cancelled.body.status).toBe('cancelled');
    await eventually(async () => expect((await httpCall(API, 'GET', `/debts/${debtId}`, { token: INTEGRATOR })).body.status).not.toBe('in_agreement'));

    running.child.kill('SIGTERM');
    await new Promise((resolve) => running!.child.once('exit', resolve));
  });
});
