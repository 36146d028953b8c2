import { randomBytes } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import type { Browser } from 'playwright-core';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { HttpDebtBalances, parsePublishPolicyRequest, startNegotiationService, type NegotiationService } from '@collections/negotiation-service';
import { HttpDebtorsLedger, parseSetSettingsRequest, startPaymentsService, type PaymentsService } from '@collections/payments-service';
import { parsePixPayload } from '@collections/payments-domain';
import { TenantId } from '@collections/shared-kernel';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';
import { PHONE, launchBrowser, onPage } from '@collections/shared-testing-browser';
import { DEMO_NEGOTIATION_POLICY } from '../embedded/embedded-negotiation';

const TENANT = 'loja-autoatendimento';

interface Platform {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly negotiation: NegotiationService;
  readonly payments: PaymentsService;
  close(): Promise<void>;
}

/**
 * The debtor's self-service page in a real headless Chromium, against the debtors,
 * negotiation and payments services on one database (as `npm start` runs them): the
 * negotiation's installment charge requests reach payments, whose charges reach the page.
 * A failing step leaves a screenshot under tmp/screenshots.
 */
describe("the debtor's self-service page in Chromium (debtors, negotiation and payments)", () => {
  let kit: TestService<Platform>;
  let browser: Browser;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `self-service-${process.pid}-${++sequence}`;
  const debtorsCall = (method: string, path: string, options: HttpCallOptions = {}) => httpCall(kit.service.debtors.httpUrl, method, path, options);

  beforeAll(async () => {
    let started: TestService<Platform> | undefined = undefined;
    started = await startServiceForTest<Platform>(
      'negotiation_self_service',
      async (env) => {
        const database = env.database.config;
        const common = { database, verifier: env.verifier, masterKey: env.masterKey, messaging: { kind: 'embedded' } as const, clock: env.clock, logLevel: 'silent', log: () => undefined };
        const debtors = await startDebtorsService({ ...common, http: { host: '127.0.0.1', port: 0 }, grpc: false });
        const token = (tenantId: string) => started!.token(tenantId, 'integrator');
        const payments = await startPaymentsService({ ...common, http: { host: '127.0.0.1', port: 0 }, grpc: false, ledger: new HttpDebtorsLedger({ baseUrl: debtors.httpUrl, token }), expiry: false });
        let negotiation: NegotiationService | undefined = undefined;
        negotiation = await startNegotiationService({
          ...common,
          http: env.http,
          grpc: false,
          balances: new HttpDebtBalances({ baseUrl: debtors.httpUrl, token }),
          deadlines: false,
          selfService: { linkKey: randomBytes(32), publicUrl: () => negotiation!.httpUrl },
        });
        return {
          httpUrl: negotiation.httpUrl,
          debtors,
          negotiation,
          payments,
          async close() {
            await negotiation.close();
            await payments.close();
            await debtors.close();
          },
        };
      },
      { now: '2026-03-02T15:00:00.000Z' },
    );
    kit = started;
    integrator = await kit.token(TENANT, 'integrator', 'supervisor', 'agent');
    const principal = { subject: 'test-setup', tenantId: TenantId.parse(TENANT), roles: ['supervisor' as const] };
    const policy = await kit.service.negotiation.useCases.publishPolicy.execute({ principal, idempotencyKey: key() }, parsePublishPolicyRequest(DEMO_NEGOTIATION_POLICY));
    expect(policy.kind).toBe('done');
    const settings = await kit.service.payments.useCases.setSettings.execute(
      { principal },
      parseSetSettingsRequest({ pix: { key: '11.222.333/0001-81', merchantName: 'Loja Autoatendimento', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.psp.example/qr/v2' }, webhookSecret: 'segredo-do-webhook-de-teste-0123456789' }),
    );
    expect(settings.kind).toBe('done');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  /** A debtor with one debt 45 days past due, and a one-time link to it. */
  async function linkToNewDebt(ttlHours?: number): Promise<{ url: string; debtId: string; debtorId: string }> {
    const debtor = await debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Joana Prado', state: 'SP', contactPoints: [] } });
    expect(debtor.status).toBe(201);
    const debt = await debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `SS-${sequence}`, originalAmount: { amount: 120_000, currency: 'BRL' }, dueDate: '2026-01-16', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    const link = await kit.call('POST', '/self-service/links', { token: integrator, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, debtIds: [debt.body.debtId], ...(ttlHours ? { ttlHours } : {}) } });
    expect(link.status).toBe(201);
    return { url: link.body.url as string, debtId: debt.body.debtId as string, debtorId: debtor.body.debtorId as string };
  }

  it('goes from the link to a simulation, an accepted agreement and the PIX code of its first installment, on a phone', async () => {
    const { url, debtId } = await linkToNewDebt();
    await onPage(
      browser,
      'self-service-happy-path',
      async (page) => {
        const errors: string[] = [];
        page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        await page.goto(url);
        await page.getByRole('heading', { name: 'Suas dívidas' }).waitFor();
        // the balance shown is the debtors service's balance today
        const balance = (await debtorsCall('GET', `/debts/${debtId}?asOf=2026-03-02`, { token: integrator })).body.balance.totalDue.amount as number;
        const shown = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(balance / 100);
        await page.getByText(shown).waitFor();

        // by keyboard: choose installments, 3x, and simulate
        await page.getByRole('radio', { name: 'Parcelado' }).focus();
        await page.keyboard.press('Space');
        await page.getByLabel('Número de parcelas (se parcelado)').selectOption('3');
        await page.getByRole('button', { name: 'Simular acordo' }).focus();
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Parcelamento em 3 vezes' }).waitFor();
        await page.getByRole('button', { name: 'Aceitar acordo' }).click();

        await page.getByRole('heading', { name: 'Acordo firmado' }).waitFor();
        // payments issues the first installment's charge; the page refreshes itself until it is there
        const pix = page.getByLabel('PIX copia e cola');
        await pix.waitFor({ timeout: 30_000 });
        const code = await pix.inputValue();
        expect(() => parsePixPayload(code)).not.toThrow();
        await page.getByRole('img', { name: /QR Code PIX/ }).waitFor();

        // what the page shows is what the API says of the agreement
        const agreementId = page.url().split('/').pop()!;
        const api = (await kit.call('GET', `/agreements/${agreementId}`, { token: integrator })).body;
        expect(api.status).toBe('active');
        expect(api.installments[0].charge.pixCopyPaste).toBe(code);
        // the page fits the phone: nothing wider than the viewport
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.viewport.width);
        expect(errors).toEqual([]);
      },
      PHONE,
    );
  }, 90_000);

  it('labels every field of its forms, so a screen reader names each one', async () => {
    const { url } = await linkToNewDebt();
    await onPage(browser, 'self-service-labels', async (page) => {
      await page.goto(url);
      await page.getByRole('heading', { name: 'Suas dívidas' }).waitFor();
      const fields = page.locator('input:not([type=hidden]), select, textarea');
      const unlabelled: string[] = [];
      for (let i = 0; i < (await fields.count()); i++) {
        const field = fields.nth(i);
        const id = await field.getAttribute('id');
        const labelled = (id !== null && (await page.locator(`label[for="${id}"]`).count()) > 0) || (await field.getAttribute('aria-label')) !== null;
        if (!labelled) unlabelled.push(`${await field.getAttribute('name')}`);
      }
      expect(await fields.count()).toBeGreaterThan(0);
      expect(unlabelled).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    });
  });

  it('refuses a link opened twice (409) or after it expired (410), naming the rule, and lets no one in', async () => {
    const { url } = await linkToNewDebt();
    await onPage(browser, 'self-service-replay', async (page) => {
      expect((await page.goto(url))?.status()).toBe(200);
    });
    await onPage(browser, 'self-service-replay-2', async (page) => {
      const again = await page.goto(url);
      expect(again?.status()).toBe(409);
      await page.getByText(/SELF_SERVICE_LINK_ALREADY_USED/).waitFor();
    });
    const short = await linkToNewDebt(1);
    kit.clock.advance({ hours: 2 });
    try {
      await onPage(browser, 'self-service-expired', async (page) => {
        const expired = await page.goto(short.url);
        expect(expired?.status()).toBe(410);
        await page.getByText(/SELF_SERVICE_LINK_EXPIRED/).waitFor();
        // and without a session the pages are closed
        expect((await page.goto(`${kit.service.httpUrl}/autoatendimento`))?.status()).toBe(401);
      });
    } finally {
      kit.clock.set('2026-03-02T15:00:00.000Z');
    }
  });

  it('answers a forged, truncated or hostile link, and a form from elsewhere, with a 4xx and nothing written', async () => {
    const { url, debtId } = await linkToNewDebt();
    const token = new URL(url).searchParams.get('t')!;
    for (const bad of [token.slice(0, -4), `${token}x`, 'not-a-token', '\u0000', '%ED%A0%80', 'a'.repeat(10_000)]) {
      const answer = await kit.call('GET', `/autoatendimento/entrar?t=${encodeURIComponent(bad)}`);
      expect([400, 414, 431]).toContain(answer.status);
    }
    // a session's form posted without its form token (another site's form) is refused
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const forged = await fetch(`${kit.service.httpUrl}/autoatendimento/aceitar`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ debtId, plano: 'avista', parcelas: '1' }).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    const offers = await kit.service.negotiation.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id LIKE 'offer-%' AND data->>'debtIds' LIKE $1", [`%${debtId}%`]);
    expect(Number(offers[0]!.n)).toBe(0);
  });
});
