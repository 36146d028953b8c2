import { randomBytes } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { SmtpEmailAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { HttpSelfServiceLinks, type SelfServiceLinks } from '@collections/contacts-service';
import { HttpDebtBalances, startNegotiationService, type NegotiationService } from '@collections/negotiation-service';
import type { TestServiceEnvironment } from '@collections/shared-service-kit-testing';
import { eventually, freePort } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

/**
 * The cadence sends the debtor's self-service link: a template that shows
 * `{{link.selfService}}` gets, for each message, a one-time link that the negotiation
 * service issues through its real `POST /self-service/links`, and the link in the e-mail
 * that arrives opens the debtor's page once. Debtors, contacts and negotiation on one test
 * database (as `npm start` runs them), a real SMTP server on 127.0.0.1. A message whose
 * template shows a link that nobody issues is not sent, and its evidence says why.
 */
describe('the cadence sends the self-service link', () => {
  jest.setTimeout(240_000);
  const TENANT = 'lojas-link';
  let smtp: LocalSmtpServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let negotiation: NegotiationService | undefined;
  let negotiationUrl = '';
  let supervisor: string;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `contacts-link-${process.pid}-${++sequence}`;
  // the negotiation service starts after the debtors service it reads balances from
  let links: SelfServiceLinks | undefined;
  let env: TestServiceEnvironment | undefined;

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    const email = new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'cobranca@lojas-link.example', timeoutMs: 5_000 });
    kit = await startContactsWithDebtors('contacts_link', (environment) => {
      env = environment;
      return { senders: { email }, selfServiceLinks: { issue: async (request) => (links ? links.issue(request) : undefined) } };
    });
    const port = await freePort();
    negotiationUrl = `http://127.0.0.1:${port}`;
    negotiation = await startNegotiationService({
      database: kit.database.config,
      verifier: env!.verifier,
      masterKey: env!.masterKey,
      messaging: { kind: 'embedded' },
      balances: new HttpDebtBalances({ baseUrl: kit.service.debtors.httpUrl, token: (tenantId) => kit.token(tenantId, 'integrator') }),
      http: { host: '127.0.0.1', port },
      grpc: false,
      clock: kit.clock,
      logLevel: 'silent',
      log: () => undefined,
      deadlines: false,
      selfService: { linkKey: randomBytes(32), publicUrl: negotiationUrl },
    });
    supervisor = await kit.token(TENANT, 'supervisor', 'agent', 'auditor');
    integrator = await kit.token(TENANT, 'integrator', 'agent', 'supervisor');
    expect((await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Lojas Link S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' } })).status).toBe(200);
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: {
        name: 'Aviso com link',
        channel: 'email',
        subject: 'Débito {{debt.contractReference}}',
        body: 'Olá {{debtor.firstName}}, {{debt.balance}} em aberto. Negocie aqui: {{link.selfService}}\n{{creditor.name}} - {{creditor.taxId}} - {{creditor.address}}',
      },
    });
    expect(template.status).toBe(201);
    const cadence = await kit.call('POST', '/cadences', { token: supervisor, idempotencyKey: key(), body: { name: 'Link', steps: [{ stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.body.templateId }] } });
    expect(cadence.status).toBe(201);
  });
  afterAll(async () => {
    await negotiation?.close();
    await kit?.close();
    await smtp?.close();
  });

  /** A debtor (one e-mail) with a debt past due, tracked by contacts. */
  async function debtorWithDebt(email: string): Promise<string> {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Rita Lopes', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: email, consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `LINK-${sequence}`, originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    const timeline = async () => (await kit.call('GET', `/debts/${debt.body.debtId}/contacts`, { token: supervisor })).body;
    await eventually(async () => expect((await timeline()).status).toBe('running'), 60_000, 100);
    return debt.body.debtId as string;
  }
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));

  it('blocks the message, with the missing field as evidence, while nobody issues links; nothing is sent', async () => {
    links = undefined;
    const debtId = await debtorWithDebt('sem-link@example.com');
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('sem-link@example.com')).toHaveLength(0);
    const entries = (await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body.entries as { type: string; rule?: { code: string; detail: string } }[];
    const blocked = entries.find((e) => e.type === 'ContactBlocked');
    expect(blocked?.rule).toMatchObject({ code: 'TEMPLATE_DATA_MISSING' });
    expect(blocked?.rule?.detail).toContain('link.selfService');
  });

  it("puts a one-time link issued by the negotiation service in the e-mail, and the link opens the debtor's page once", async () => {
    links = new HttpSelfServiceLinks({ baseUrl: negotiationUrl, token: (tenantId) => kit.token(tenantId, 'integrator') });
    const debtId = await debtorWithDebt('com-link@example.com');
    await kit.service.contacts.scheduler.runDue();
    const [mail] = mailsTo('com-link@example.com');
    expect(mail).toBeDefined();
    const url = /https?:\/\/\S+\/autoatendimento\/entrar\?t=[\w.-]+/.exec(mail!.mail.text ?? '')?.[0];
    expect(url?.startsWith(`${negotiationUrl}/autoatendimento/entrar?t=`)).toBe(true);
    // the negotiation service recorded the link (SelfServiceLinkIssued), for this debt
    const issued = await negotiation!.store.driver.query<{ data: { debtIds: string[] } }>("SELECT data FROM es_events WHERE event_type = 'SelfServiceLinkIssued' AND tenant_id = $1", [TENANT]);
    expect(issued.map((e) => e.data.debtIds)).toContainEqual([debtId]);
    const opened = await fetch(url!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL(opened.headers.get('location')!, url).toString(), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`name="debtId" value="${debtId}"`);
    expect((await fetch(url!, { redirect: 'manual' })).status).toBe(409);
  });
});
