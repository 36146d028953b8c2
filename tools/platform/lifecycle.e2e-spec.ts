import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { ROLES, TokenIssuer, loadOrCreateDevKey, type Role } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { eventually, httpCall, type EntryPointProcess } from '@collections/shared-testing';
import { DEMO_NEGOTIATION_POLICY } from '../embedded/embedded-negotiation';
import { dropPlatformDatabases, launchPlatform } from './launch';
import { CLOCK_OFFSET_FILE, PLATFORM_SERVICES } from './services';

/**
 * `npm run platform` as a newcomer runs it, each service its own process and database
 * over the real Kafka broker: a registered debt reaches contacts, legal and reporting
 * through Kafka; then one debt's whole life, every step seen through the services' public
 * APIs (REST, the SMTP outbox's .eml files, the fake bureaus as legal's API reports them),
 * with the platform's clock moved on by its offset file (the demo's time travel); then
 * Ctrl-C (SIGINT) stops them all, exit 0. One platform start for all three.
 */

const DAY = 86_400_000;
/**
 * The services' "now" when the life begins: a Monday, 11:00 in São Paulo (contact hours,
 * no holiday near), whatever day the test runs on. The offset file moves every clock there.
 */
const LIFE_STARTS = Date.parse('2027-03-08T14:00:00.000Z');
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const WAIT = 90_000;

describe('npm run platform: the services as separate processes over Kafka', () => {
  let platform: EntryPointProcess | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'platform-e2e-'));
  const prefix = `platform_e2e_${process.pid}`;
  const urls: Record<string, string> = {};
  const printedTokens: Record<string, string> = {};

  beforeAll(async () => {
    // consumer groups of its own: another platform or server-mode test on the same broker takes no partition from it
    const launched = await launchPlatform({ PLATFORM_DATA_DIR: dataDir, PLATFORM_DATABASE_PREFIX: prefix, PLATFORM_CONSUMER_GROUP_PREFIX: `${prefix}-` }, 240_000);
    platform = launched.process;
    for (const { name } of PLATFORM_SERVICES) urls[name] = launched.url(name);
    for (const role of ROLES) printedTokens[role] = launched.token(role);
  }, 300_000);

  afterAll(async () => {
    if (platform && platform.child.exitCode === null) platform.child.kill('SIGKILL');
    await dropPlatformDatabases(prefix);
    // PLATFORM_E2E_KEEP=1 keeps the data dir (each service's log, the outbox) to look at after a failure
    if (process.env['PLATFORM_E2E_KEEP'] === '1') process.stdout.write(`platform e2e: data kept in ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts every service, prints the clock offset file, and carries a registered debt to contacts, legal and reporting through Kafka', async () => {
    const integrator = printedTokens['integrator']!;
    const supervisor = printedTokens['supervisor']!;
    for (const { name } of PLATFORM_SERVICES) expect((await httpCall(urls[name]!, 'GET', '/health', {})).status).toBe(200);
    expect(platform!.lines.some((line) => line.includes(path.join(dataDir, CLOCK_OFFSET_FILE)) && line.includes('P11D'))).toBe(true);
    expect(readFileSync(path.join(dataDir, CLOCK_OFFSET_FILE), 'utf8').trim()).toBe('PT0S');

    const debtor = await httpCall(urls['debtors']!, 'POST', '/debtors', {
      token: integrator,
      idempotencyKey: `platform-debtor-${process.pid}`,
      body: { taxId: generateCpf(), name: 'Maria da Silva', state: 'SP', contactPoints: [{ kind: 'email', value: 'maria@example.com', consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await httpCall(urls['debtors']!, 'POST', '/debts', {
      token: integrator,
      idempotencyKey: `platform-debt-${process.pid}`,
      body: { debtorId: debtor.body.debtorId, contractReference: 'PLAT-1', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    // through the debtors service's outbox relay, the topic, and each consumer group
    await eventually(async () => expect((await httpCall(urls['contacts']!, 'GET', `/debts/${debt.body.debtId}/contacts`, { token: supervisor })).status).toBe(200), WAIT, 250);
    await eventually(async () => expect((await httpCall(urls['legal']!, 'GET', `/escalations/${debt.body.debtId}`, { token: integrator })).status).toBe(200), WAIT, 250);
    await eventually(async () => expect((await httpCall(urls['reporting']!, 'GET', `/reporting/debts/${debt.body.debtId}/timeline`, { token: supervisor })).body.events?.length).toBeGreaterThan(0), WAIT, 250);
  }, 200_000);

  it("follows one debt's life through the six services: import, overdue, cadence e-mail, prior notice, bureau listing, offer, PIX, settlement, removal, silence, recovery, audit", async () => {
    // A creditor of its own (tokens signed by the platform's dev key, as the printed ones are):
    // the topics may hold other runs' events, read from their beginning by this platform's new groups.
    const tenant = TenantId.parse(`ciclo-${process.pid}-${randomBytes(3).toString('hex')}`);
    const issuer = new TokenIssuer(await loadOrCreateDevKey(dataDir));
    const token = async (role: Role): Promise<string> => issuer.mint({ subject: `lifecycle-${role}`, tenantId: tenant, roles: [role], ttlSeconds: 3600 });
    const integrator = await token('integrator');
    const supervisor = await token('supervisor');
    const admin = await token('admin');
    const auditor = await token('auditor');
    let keys = 0;
    const call = (service: string, method: string, url: string, bearer: string, body?: unknown) =>
      httpCall(urls[service]!, method, url, {
        token: bearer,
        ...(body !== undefined ? { body } : {}),
        ...(method !== 'GET' ? { idempotencyKey: `lifecycle-${tenant}-${++keys}` } : {}),
      });

    // the demo's time travel: every service's clock is the system time plus the file's offset
    let offsetMs = 0;
    const setOffset = async (ms: number): Promise<void> => {
      offsetMs = ms;
      const file = path.join(dataDir, CLOCK_OFFSET_FILE);
      writeFileSync(`${file}.tmp`, `${ms}\n`);
      renameSync(`${file}.tmp`, file);
      // each service looks at the file at most every 200 ms; give the schedulers a tick too
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    };
    const servicesNow = (): number => Date.now() + offsetMs;
    await setOffset(LIFE_STARTS - Date.now());
    const dueDate = isoDate(LIFE_STARTS - 70 * DAY);

    // the e-mail outbox of the platform's SMTP server: this debtor's messages
    const email = `maria.ciclo.${tenant}@example.com`;
    const outbox = path.join(dataDir, 'outbox');
    const mailsToDebtor = async (): Promise<{ file: string; subject: string; text: string }[]> => {
      const found = [];
      for (const file of readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort()) {
        const parsed = await simpleParser(readFileSync(path.join(outbox, file)));
        const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(',') : (parsed.to?.text ?? '');
        if (to.includes(email)) found.push({ file, subject: parsed.subject ?? '', text: parsed.text ?? '' });
      }
      return found;
    };

    // --- the creditor's configuration, each through its service's API ---
    expect((await call('contacts', 'PUT', '/creditor', supervisor, { name: 'Credor Ciclo de Vida S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' })).status).toBe(200);
    const template = await call('contacts', 'POST', '/templates', supervisor, {
      name: 'Aviso por e-mail',
      channel: 'email',
      subject: 'Aviso de debito - contrato {{debt.contractReference}}',
      body: 'Olá {{debtor.firstName}},\n\nconsta em aberto o valor de {{debt.balance}}, vencido em {{debt.dueDate}}.\n\n{{creditor.name}} - CNPJ {{creditor.taxId}}\n{{creditor.address}}',
    });
    expect(template.status).toBe(201);
    // the day after the due date, and again at 90 days (which a settled debt must never get)
    const cadence = await call('contacts', 'POST', '/cadences', supervisor, {
      name: 'Régua do ciclo de vida',
      steps: [
        { stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.body.templateId },
        { stepId: 'd90-email', offsetDays: 90, channel: 'email', templateId: template.body.templateId },
      ],
    });
    expect(cadence.status).toBe(201);
    const policy = await call('legal', 'PUT', '/escalation-policy', admin, { triggerDaysPastDue: 60, noticePeriodDays: 10, removeOn: 'payment', calendarState: 'SP' });
    expect(policy.status).toBeLessThan(300);
    expect((await call('negotiation', 'PUT', '/policy', supervisor, DEMO_NEGOTIATION_POLICY)).status).toBeLessThan(300);
    const webhookSecret = `lifecycle-${randomBytes(16).toString('hex')}`;
    const settings = await call('payments', 'PUT', '/settings', supervisor, {
      pix: { key: '11.222.333/0001-81', merchantName: 'Credor Ciclo de Vida', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.psp-ciclo.example/qr/v2' },
      webhookSecret,
    });
    expect(settings.status).toBeLessThan(300);

    // --- portfolio import: one row, e-mail with consent, due 70 days ago ---
    const taxId = generateCpf();
    const contract = `CICLO-${process.pid}`;
    const csv = [
      'taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate,monthlyInterestRate,phoneConsent,emailConsent',
      `${taxId},Maria Ciclo de Vida,SP,America/Sao_Paulo,,${email},${contract},1500.00,BRL,${dueDate},0.02,0.01,,granted`,
    ].join('\n');
    const imported = await httpCall(urls['debtors']!, 'POST', '/imports', { token: integrator, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBeLessThan(300);
    expect(imported.body).toMatchObject({ rows: 1, imported: 1, failed: 0 });
    // the list is a read model: it follows the log within moments
    const { debtId, debtorId } = await eventually(async () => {
      const listed = await call('debtors', 'GET', '/debts?pageSize=50', integrator);
      const found = (listed.body.items as { debtId: string; debtorId: string; contractReference: string }[]).find((d) => d.contractReference === contract);
      expect(found).toBeDefined();
      return found!;
    }, WAIT, 250);
    // the debtor's postal address, for the prior notice's letter (the CSV has no address columns)
    const debtor = await call('debtors', 'GET', `/debtors/${debtorId}`, integrator);
    const points = (debtor.body.contactPoints as { id: string; kind: string; value: unknown; consent: string }[]).map(({ id, kind, value, consent }) => ({ id, kind, value, consent }));
    expect(points).toEqual([expect.objectContaining({ kind: 'email', value: email, consent: 'granted' })]);
    const address = { kind: 'postal_address', value: { street: 'Rua Augusta', number: '500', district: 'Consolação', city: 'São Paulo', state: 'SP', postalCode: '01304-000' } };
    expect((await call('debtors', 'PUT', `/debtors/${debtorId}/contact-points`, integrator, { contactPoints: [...points, address] })).status).toBe(200);

    // --- overdue: the aging deadline, on the services' clock ---
    const overdue = await eventually(async () => {
      const debt = await call('debtors', 'GET', `/debts/${debtId}`, integrator);
      expect(debt.body).toMatchObject({ status: 'overdue', agingBucket: '61-90' });
      return debt.body;
    }, WAIT, 500);
    expect(overdue.balance).toMatchObject({ asOf: isoDate(LIFE_STARTS), daysPastDue: 70 });

    // --- the cadence's e-mail, received by the SMTP server ---
    const cadenceMail = await eventually(async () => {
      const mail = (await mailsToDebtor()).find((m) => m.subject === `Aviso de debito - contrato ${contract}`);
      expect(mail).toBeDefined();
      return mail!;
    }, WAIT, 500);
    expect(cadenceMail.text).toContain('Credor Ciclo de Vida S.A.');
    const timeline = await call('contacts', 'GET', `/debts/${debtId}/contacts`, supervisor);
    expect(timeline.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ContactSent', stepId: 'd1-email', channel: 'email' })]));

    // --- the prior notice: requested by legal, sent by contacts as a letter and an e-mail ---
    const escalation = async () => (await call('legal', 'GET', `/escalations/${debtId}`, integrator)).body;
    const noticed = await eventually(async () => {
      const seen = await escalation();
      expect(seen.notice).toMatchObject({ status: 'sent', listingNotBefore: isoDate(LIFE_STARTS + 11 * DAY) });
      return seen;
    }, WAIT, 500);
    const sent = noticed.timeline.find((t: { data: { deliveries?: unknown } }) => t.data.deliveries !== undefined);
    const deliveries = sent.data.deliveries as { channel: string; messageId: string }[];
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'letter']);
    const letter = await httpCall(urls['contacts']!, 'GET', `/letters/${deliveries.find((d) => d.channel === 'letter')!.messageId}`, { token: supervisor });
    expect([letter.status, letter.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    await eventually(async () => expect((await mailsToDebtor()).some((m) => m.subject.startsWith('Notificação prévia'))).toBe(true), WAIT, 500);
    // before the 10 days have run, no listing (by hand: 422 with the rule)
    const early = await call('legal', 'POST', `/escalations/${debtId}/listing`, supervisor, {});
    expect([early.status, JSON.stringify(early.body)]).toEqual([422, expect.stringContaining('LEGAL_NOTICE_PERIOD_RUNNING')]);
    expect((await escalation()).bureaus.filter((b: { status: string }) => b.status === 'listed')).toEqual([]);

    // --- 11 days later: the notice period has run, the debt is listed at the three fake bureaus ---
    await setOffset(offsetMs + 11 * DAY);
    const listedAt = await eventually(async () => {
      const seen = await escalation();
      expect(seen.bureaus.map((b: { bureau: string; status: string }) => `${b.bureau}:${b.status}`).sort()).toEqual(['boavista:listed', 'serasa:listed', 'spc:listed']);
      return seen;
    }, WAIT, 500);
    expect(listedAt.bureaus.every((b: { protocol: string | null }) => typeof b.protocol === 'string' && b.protocol.length > 0)).toBe(true);

    // --- an offer simulated and accepted (cash, no discount: within an integration's limit) ---
    const simulated = await call('negotiation', 'POST', `/debts/${debtId}/offers/simulate`, integrator, { kind: 'cash' });
    expect(simulated.status).toBe(200);
    expect(simulated.body).toMatchObject({ offerId: null, status: 'simulated', approvalRequired: false, terms: { asOf: isoDate(servicesNow()), bucket: '61-90' } });
    // computed from the balance the debtors service gives for the offer's date (81 days late), never above it
    const balanceToday = (await call('debtors', 'GET', `/debts/${debtId}?asOf=${simulated.body.terms.asOf}`, integrator)).body.balance;
    expect(balanceToday).toMatchObject({ daysPastDue: 81 });
    expect(simulated.body.terms.balance.total).toEqual(balanceToday.totalDue);
    expect(simulated.body.terms.total.amount).toBeLessThanOrEqual(balanceToday.totalDue.amount);
    const offer = await call('negotiation', 'POST', `/debts/${debtId}/offers`, integrator, { kind: 'cash' });
    expect(offer.status).toBe(201);
    expect(offer.body.terms.total).toEqual(simulated.body.terms.total);
    const accepted = await call('negotiation', 'POST', `/offers/${offer.body.offerId}/accept`, integrator);
    expect(accepted.status).toBe(201);
    const agreementId = accepted.body.agreementId as string;
    await eventually(async () => expect((await call('debtors', 'GET', `/debts/${debtId}`, integrator)).body.status).toBe('in_agreement'), WAIT, 500);

    // --- the PIX charge for the installment, issued by payments on negotiation's event ---
    const installment = await eventually(async () => {
      const agreement = await call('negotiation', 'GET', `/agreements/${agreementId}`, integrator);
      expect(agreement.body.installments).toHaveLength(1);
      expect(agreement.body.installments[0].charge).toMatchObject({ txid: expect.stringMatching(/^[0-9a-zA-Z]{26,35}$/) });
      return agreement.body.installments[0];
    }, WAIT, 500);
    const charge = await call('payments', 'GET', `/charges/${installment.charge.chargeId}`, integrator);
    expect(charge.body).toMatchObject({ chargeId: installment.charge.chargeId, txid: installment.charge.txid, amount: installment.amount });
    const paid = installment.amount.amount as number;
    expect(installment.amount).toEqual(offer.body.terms.total);

    // --- the PSP's notification, signed as docs/payments.md says (HMAC-SHA256 of the raw body) ---
    const endToEndId = `E00000000${isoDate(servicesNow()).replace(/-/g, '')}1100${randomBytes(6).toString('hex').toUpperCase().slice(0, 11)}`;
    const notification = JSON.stringify({ pix: [{ endToEndId, txid: installment.charge.txid, valor: (paid / 100).toFixed(2), horario: new Date(servicesNow()).toISOString() }] });
    const unsigned = await httpCall(urls['payments']!, 'POST', `/webhooks/pix/${tenant}`, { rawBody: notification, headers: { 'x-webhook-signature': '00'.repeat(32) } });
    expect(unsigned.status).toBe(401);
    const notified = await httpCall(urls['payments']!, 'POST', `/webhooks/pix/${tenant}`, {
      rawBody: notification,
      headers: { 'x-webhook-signature': createHmac('sha256', webhookSecret).update(notification).digest('hex') },
    });
    expect(notified.status).toBeLessThan(300);
    expect(notified.body.results[0]).toMatchObject({ status: 'allocated' });

    // --- the installment allocated, the agreement fulfilled, the debt settled ---
    const payment = await call('payments', 'GET', `/payments/pix-${endToEndId}`, integrator);
    expect(payment.body).toMatchObject({ status: 'allocated', allocations: [{ debtId, amount: { amount: paid } }] });
    await eventually(async () => {
      const agreement = (await call('negotiation', 'GET', `/agreements/${agreementId}`, integrator)).body;
      expect(agreement).toMatchObject({ status: 'fulfilled', paid: { amount: paid } });
      expect(agreement.installments[0]).toMatchObject({ paid: { amount: paid }, remaining: { amount: 0 } });
    }, WAIT, 500);
    const settledOn = isoDate(servicesNow());
    await eventually(async () => expect((await call('debtors', 'GET', `/debts/${debtId}`, integrator)).body).toMatchObject({ status: 'settled', balance: { totalDue: { amount: 0 } } }), WAIT, 500);

    // --- the listings' removal requested at once, within its 5-business-day SLA, and confirmed ---
    const removed = await eventually(async () => {
      const seen = await escalation();
      expect(seen.removal).toMatchObject({ reason: 'settled', since: settledOn, breached: false });
      expect(seen.bureaus.map((b: { status: string }) => b.status)).toEqual(['removed', 'removed', 'removed']);
      return seen;
    }, WAIT, 500);
    expect(removed.removal.slaDueOn > removed.removal.since).toBe(true);
    const requestedAt = removed.timeline.find((t: { type: string }) => t.type === 'EscalationRemovalRequested');
    expect(requestedAt).toBeDefined();
    expect(isoDate(Date.parse(requestedAt.recordedAt) + offsetMs) <= removed.removal.slaDueOn).toBe(true);
    const overdueRemovals = await call('legal', 'GET', '/removals?status=overdue', admin);
    expect(overdueRemovals.body.removals.map((r: { debtId: string }) => r.debtId)).not.toContain(debtId);

    // --- the cadence stopped; two weeks on (past the 90-day step), nothing more is sent ---
    await eventually(async () => expect((await call('contacts', 'GET', `/debts/${debtId}/contacts`, supervisor)).body).toMatchObject({ status: 'stopped' }), WAIT, 500);
    const mailsBefore = (await mailsToDebtor()).map((m) => m.file);
    expect(mailsBefore).toHaveLength(2);
    await setOffset(offsetMs + 14 * DAY);
    expect(isoDate(servicesNow()) > isoDate(Date.parse(`${dueDate}T00:00:00Z`) + 90 * DAY)).toBe(true);
    // the debtors service has moved on (its balance is as of the new day) ...
    await eventually(async () => expect((await call('debtors', 'GET', `/debts/${debtId}`, integrator)).body.balance.asOf).toBe(isoDate(servicesNow())), WAIT, 500);
    // ... and the contacts scheduler (every second) has had several ticks on the new day
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect((await mailsToDebtor()).map((m) => m.file)).toEqual(mailsBefore);
    const after = (await call('contacts', 'GET', `/debts/${debtId}/contacts`, supervisor)).body;
    const types = (after.entries as { type: string }[]).map((e) => e.type);
    expect(types.filter((t) => t === 'ContactSent')).toHaveLength(1);
    expect(types.slice(types.lastIndexOf('CadenceStopped'))).toEqual(['CadenceStopped']);

    // --- reporting shows the recovery ---
    await eventually(async () => {
      const portfolio = await call('reporting', 'GET', `/reporting/portfolio?from=${isoDate(LIFE_STARTS).slice(0, 4)}-01-01&to=${isoDate(servicesNow())}`, supervisor);
      expect(portfolio.status).toBe(200);
      expect(portfolio.body.recovered).toMatchObject({ amount: paid });
      expect(portfolio.body.placed).toMatchObject({ count: 1, amount: 150_000 });
    }, WAIT, 500);

    // --- the debt's audit history in debtors tells the story, and its hash chain verifies ---
    const history = await call('debtors', 'GET', `/audit/debts/${debtId}/history`, auditor);
    expect(history.status).toBe(200);
    const story = (history.body as { type: string }[]).map((e) => e.type);
    // in this order (other events, such as an aging bucket's change, may come between) ...
    const chapters = ['DebtRegistered', 'DebtBecameOverdue', 'DebtEnteredAgreement', 'PaymentRecorded'];
    expect(story.filter((type) => chapters.includes(type))).toEqual(chapters);
    // ... then the agreement fulfilled: the debt left it, settled (what the cash offer took off waived)
    expect(story.slice(story.indexOf('PaymentRecorded') + 1)).toEqual(expect.arrayContaining(['DebtLeftAgreement', 'DebtSettled']));
    const verified = await call('debtors', 'GET', `/audit/debts/${debtId}/verification`, auditor);
    expect(verified.body).toMatchObject({ ok: true, breaks: [] });
    expect(verified.body.eventsChecked).toBe(story.length);
    expect((await call('debtors', 'GET', '/audit/verification', auditor)).body).toMatchObject({ ok: true });
  }, 300_000);

  it('stops every service on SIGINT', async () => {
    platform!.child.kill('SIGINT');
    expect(await platform!.exited).toBe(0);
    expect(platform!.lines).toContain('platform: stopped');
  }, 120_000);
});
