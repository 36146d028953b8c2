import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, onPage, SCREENSHOT_DIR } from '@collections/shared-testing-browser';
import { startReportingWithDebtors } from './reporting-with-debtors';
import { seedReportingScenario } from './reporting-scenario';

/**
 * The supervisor dashboard in a real headless Chromium, against the debtors and reporting
 * services on one database: sign in with a pasted JWT, the figures shown equal the API's,
 * the filters, a debt's timeline, and no console error. A screenshot of each view is
 * written under tmp/screenshots on success too (CI keeps them).
 */
describe('the supervisor dashboard in Chromium', () => {
  let kit: Awaited<ReturnType<typeof startReportingWithDebtors>>;
  let browser: Browser;
  let supervisor: string;
  let debts: Record<'d1' | 'd2' | 'd3', string>;

  beforeAll(async () => {
    kit = await startReportingWithDebtors('reporting_dashboard');
    supervisor = await kit.token('tenant-a', 'supervisor');
    debts = await seedReportingScenario(kit);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  const shot = async (page: Page, name: string) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };
  const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"]`).getAttribute('data-value');

  async function signIn(page: Page, errors: string[], token = supervisor, screenshot?: string): Promise<void> {
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${kit.service.httpUrl}/painel`);
    if (screenshot) await shot(page, screenshot);
    await page.getByLabel('Token de acesso (JWT de supervisor ou auditor)').fill(token);
    await page.getByRole('button', { name: 'Entrar' }).click();
  }

  it('signs a supervisor in and shows the API figures: cards, charts, channels and the largest open debts', async () => {
    await onPage(browser, 'reporting-dashboard', async (page, context) => {
      const errors: string[] = [];
      await signIn(page, errors, supervisor, 'reporting-sign-in');
      await page.goto(`${kit.service.httpUrl}/painel?from=2026-01-01&to=2026-03-02`);
      await page.getByRole('heading', { name: 'Painel do supervisor' }).waitFor();

      const portfolio = (await kit.call('GET', '/reporting/portfolio?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      const recovery = (await kit.call('GET', '/reporting/recovery?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      const promises = (await kit.call('GET', '/reporting/promises?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      const agreements = (await kit.call('GET', '/reporting/agreements?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      expect(await kpi(page, 'placed-amount')).toBe(String(portfolio.placed.amount));
      expect(await kpi(page, 'placed-count')).toBe(String(portfolio.placed.count));
      expect(await kpi(page, 'recovered-amount')).toBe(String(portfolio.recovered.amount));
      expect(await kpi(page, 'open-amount')).toBe(String(portfolio.open.amount));
      expect(await kpi(page, 'written-off-amount')).toBe(String(portfolio.writtenOff.amount));
      expect(await kpi(page, 'recovery-rate')).toBe(String(recovery.rate));
      expect(await kpi(page, 'promise-kept-rate')).toBe(String(promises.keptRate));
      expect(await kpi(page, 'agreements-made')).toBe(String(agreements.made));
      // what a person reads is the same figure, in reais
      await expect(page.locator('[data-kpi="placed-amount"]').textContent()).resolves.toMatch(/R\$\s2\.700,00/);
      await expect(page.locator('[data-kpi="recovery-rate"]').textContent()).resolves.toBe('66,67%');

      // the charts are inline SVG drawn on the server
      expect(await page.locator('[data-chart="aging"] svg').count()).toBe(1);
      expect(await page.locator('[data-chart="recovery"] svg').count()).toBe(1);
      await expect(page.locator('[data-chart="recovery"] svg').textContent()).resolves.toContain('2026-03');

      for (const line of recovery.byChannel as { channel: string; recovered: number }[]) {
        await expect(page.locator(`[data-table="channels"] tr[data-channel="${line.channel}"] td[data-value]`).getAttribute('data-value')).resolves.toBe(String(line.recovered));
      }
      expect(await page.locator('[data-table="debts"] a').count()).toBe(portfolio.open.count);

      // the agent table, the right-party contact card and the legal SLA card: the API's figures
      const agents = (await kit.call('GET', '/reporting/agents?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      const contacts = (await kit.call('GET', '/reporting/contact-attempts?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      const legal = (await kit.call('GET', '/reporting/legal-sla?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      expect(agents.agents.length).toBe(2);
      expect(await page.locator('[data-table="agents"] tbody tr[data-agent]').count()).toBe(agents.agents.length);
      for (const line of agents.agents as { agent: string; completed: number; rightPartyContacts: number; rightPartyContactRate: number | null; recovered: number }[]) {
        const cells = page.locator(`[data-table="agents"] tr[data-agent="${line.agent}"] td[data-value]`);
        expect(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).toEqual([String(line.completed), String(line.rightPartyContacts), JSON.stringify(line.rightPartyContactRate), String(line.recovered)]);
      }
      await expect(page.locator('[data-table="agents"] tr[data-agent="agent-2"]').textContent()).resolves.toMatch(/R\$\s1\.000,00/);
      expect(await kpi(page, 'rpc-rate')).toBe(JSON.stringify(contacts.calls.rightPartyContactRate));
      expect(await kpi(page, 'rpc-count')).toBe(`${contacts.calls.rightPartyContacts}/${contacts.calls.completed}`);
      expect(await kpi(page, 'legal-overdue')).toBe(String(legal.pendingOverdue));
      expect(await kpi(page, 'legal-summary')).toBe(`${legal.requested}/${legal.confirmedWithinSla}/${legal.confirmedLate}/${legal.pendingDue}/${legal.breaches}`);
      const satisfaction = (await kit.call('GET', '/reporting/satisfaction?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      expect(satisfaction.answered).toBeGreaterThan(0);
      expect(await kpi(page, 'satisfaction-average')).toBe(JSON.stringify(satisfaction.averageScore));
      expect(await kpi(page, 'satisfaction-summary')).toBe(`${satisfaction.answered}/${satisfaction.sent}`);
      await expect(page.locator('[data-card="satisfaction"] .value').textContent()).resolves.toBe('3,50');
      // the segments
      for (const line of portfolio.bySegment as { segment: string; placed: { amount: number }; open: { amount: number } }[]) {
        const cells = page.locator(`[data-table="segments"] tr[data-segment="${line.segment}"] td[data-value]`);
        expect(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).toEqual([
          String(line.placed.amount),
          String(recovery.bySegment.find((r: { segment: string }) => r.segment === line.segment).recovered),
          String(line.open.amount),
        ]);
      }
      // no cost columns until costs are configured
      expect(await page.locator('[data-table="channels"] td[data-cost]').count()).toBe(0);
      await shot(page, 'reporting-dashboard');

      // the cookie the sign-in set cannot be read by a script, nor sent by another site
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'painel', httpOnly: true, sameSite: 'Strict', path: '/painel' });

      // filters are a GET form: an earlier period
      await page.getByLabel('Até (posição em)').fill('2026-02-28');
      await page.getByRole('button', { name: 'Filtrar' }).click();
      await page.waitForURL(/to=2026-02-28/);
      expect(await kpi(page, 'placed-amount')).toBe('0');
      await shot(page, 'reporting-dashboard-filtered');

      // a segment and a portfolio: the API's figures under the same filters
      await page.getByLabel('Até (posição em)').fill('2026-03-02');
      await page.getByLabel('Segmento').fill('cartao');
      await page.getByLabel('Carteira').fill('lote-1');
      await page.getByRole('button', { name: 'Filtrar' }).click();
      await page.waitForURL(/segment=cartao/);
      const filtered = (await kit.call('GET', '/reporting/portfolio?from=2026-01-01&to=2026-03-02&segment=cartao&portfolio=lote-1', { token: supervisor })).body;
      expect(filtered.placed.amount).toBe(150_000);
      expect(await kpi(page, 'placed-amount')).toBe(String(filtered.placed.amount));
      expect(await kpi(page, 'open-amount')).toBe(String(filtered.open.amount));
      await expect(page.locator('[data-filter="segment"]').textContent()).resolves.toBe('cartao');
      await shot(page, 'reporting-dashboard-segment');

      // a hostile filter is a page that says so, not an error
      const refused = await page.goto(`${kit.service.httpUrl}/painel?segment=${'x'.repeat(51)}`);
      expect(refused?.status()).toBe(400);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('segment');
      expect(errors.filter((e) => !/400/.test(e))).toEqual([]);
    });
  });

  it('shows the cost of each channel once configured, as the API computes it', async () => {
    const put = await kit.call('PUT', '/reporting/channel-costs', { token: supervisor, body: { costs: [{ channel: 'sms', centavosPerAttempt: 15 }, { channel: 'email', centavosPerAttempt: 5 }] } });
    expect(put.status).toBe(200);
    await onPage(browser, 'reporting-dashboard-costs', async (page) => {
      const errors: string[] = [];
      await signIn(page, errors);
      await page.goto(`${kit.service.httpUrl}/painel?from=2026-01-01&to=2026-03-02`);
      const contacts = (await kit.call('GET', '/reporting/contact-attempts?from=2026-01-01&to=2026-03-02', { token: supervisor })).body;
      for (const line of contacts.costs as { channel: string; cost: number; costPerRecoveredReal: number | null }[]) {
        await expect(page.locator(`[data-table="channels"] tr[data-channel="${line.channel}"] td[data-cost]`).getAttribute('data-cost')).resolves.toBe(String(line.cost));
        await expect(page.locator(`[data-table="channels"] tr[data-channel="${line.channel}"] td[data-cost-per-real]`).getAttribute('data-cost-per-real')).resolves.toBe(JSON.stringify(line.costPerRecoveredReal));
      }
      await expect(page.locator('[data-table="channels"] tr[data-channel="sms"] td[data-cost-per-real]').textContent()).resolves.toBe('0,015');
      await shot(page, 'reporting-dashboard-costs');
      expect(errors).toEqual([]);
    });
    await kit.call('PUT', '/reporting/channel-costs', { token: supervisor, body: { costs: [] } });
  });

  it("drills down to a debt's timeline", async () => {
    await onPage(browser, 'reporting-timeline', async (page) => {
      const errors: string[] = [];
      await signIn(page, errors);
      await page.goto(`${kit.service.httpUrl}/painel?from=2026-01-01&to=2026-03-02`);
      await page.locator(`a[href="/painel/dividas/${debts.d1}"]`).click();
      await page.getByRole('heading', { name: `Linha do tempo do título ${debts.d1}` }).waitFor();
      const rows = await page.locator('[data-table="timeline"] tbody tr td:nth-child(2)').allTextContents();
      const api = (await kit.call('GET', `/reporting/debts/${debts.d1}/timeline`, { token: supervisor })).body;
      expect(rows).toEqual(api.events.map((e: { type: string }) => e.type));
      await shot(page, 'reporting-timeline');
      expect(errors).toEqual([]);
    });
  });

  it('turns away a token without a reporting role, and another tenant sees only its own figures', async () => {
    await onPage(browser, 'reporting-sign-in-refused', async (page) => {
      const errors: string[] = [];
      await signIn(page, errors, await kit.token('tenant-a', 'integrator'));
      await page.getByRole('alert').waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Token inválido');
      await shot(page, 'reporting-sign-in-refused');
    });
    await onPage(browser, 'reporting-dashboard-other-tenant', async (page) => {
      const errors: string[] = [];
      await signIn(page, errors, await kit.token('tenant-b', 'auditor'));
      await page.goto(`${kit.service.httpUrl}/painel?from=2026-01-01&to=2026-03-02`);
      expect(await kpi(page, 'placed-amount')).toBe('999999');
      const response = await page.goto(`${kit.service.httpUrl}/painel/dividas/${debts.d1}`);
      expect(response?.status()).toBe(404);
      expect(await page.content()).not.toContain('150000');
      expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    });
  });
});
