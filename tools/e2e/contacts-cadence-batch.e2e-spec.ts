import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { ChannelError, SmtpEmailAdapter, type ContactChannelAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { eventually } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

/**
 * The cadence run's batches (contacts_deadlines worked many due debts to a transaction):
 * a debtor's several debts in one batch, one bad send among good ones, two schedulers
 * over the same due debts. Debtors and contacts on one database, a real SMTP server on
 * 127.0.0.1; a creditor whose cap is ONE e-mail a week per debtor. The test clock is
 * Monday 2026-03-02 12:00 UTC (09:00 in São Paulo).
 */
describe('the contacts cadence run in batches', () => {
  jest.setTimeout(240_000);
  let smtp: LocalSmtpServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let supervisor: string;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `contacts-batch-${process.pid}-${++sequence}`;
  const TENANT = 'lojas-lote';
  /** Sends through SMTP, except to addresses that say how they fail. */
  let unexpectedFailures = 0;

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    const email = new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'cobranca@lojas-lote.example', timeoutMs: 5_000 });
    const picky: ContactChannelAdapter = {
      channel: 'email',
      async send(message) {
        if (message.to.startsWith('refused')) throw new ChannelError('email', false, '550 mailbox unavailable');
        if (message.to.startsWith('busy')) throw new ChannelError('email', true, '421 try again later');
        if (message.to.startsWith('broken')) {
          unexpectedFailures++;
          throw new Error('the adapter broke');
        }
        return email.send(message);
      },
    };
    kit = await startContactsWithDebtors('contacts_batch', () => ({ senders: { email: picky }, caps: { perChannel: { email: 1, sms: 3, whatsapp: 3, voice: 3, letter: 1 }, windowDays: 7 } }));
    supervisor = await kit.token(TENANT, 'supervisor', 'agent', 'auditor');
    integrator = await kit.token(TENANT, 'integrator', 'agent', 'supervisor');
    expect((await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Lojas Lote S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' } })).status).toBe(200);
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'Aviso', channel: 'email', subject: 'Débito {{debt.contractReference}}', body: 'Olá {{debtor.firstName}}, {{debt.balance}}.\n{{creditor.name}} - {{creditor.taxId}} - {{creditor.address}}' },
    });
    expect(template.status).toBe(201);
    const cadence = await kit.call('POST', '/cadences', { token: supervisor, idempotencyKey: key(), body: { name: 'Lote', steps: [{ stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.body.templateId }] } });
    expect(cadence.status).toBe(201);
  });
  afterAll(async () => {
    await kit?.close();
    await smtp?.close();
  });

  /** A debtor (one e-mail) with `count` debts past due, tracked by contacts. */
  async function debtorWithDebts(email: string, count = 1): Promise<string[]> {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Rita Lopes', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: email, consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debtIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const debt = await kit.debtorsCall('POST', '/debts', {
        token: integrator,
        idempotencyKey: key(),
        body: { debtorId: debtor.body.debtorId, contractReference: `LOTE-${sequence}`, originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
      });
      expect(debt.status).toBe(201);
      debtIds.push(debt.body.debtId);
    }
    // (a minute: every log reader waits behind the oldest open transaction of the whole server, which on a shared machine can be another's)
    for (const debtId of debtIds) await eventually(async () => expect((await timeline(debtId)).status).toBe('running'), 60_000, 100);
    return debtIds;
  }
  const timeline = async (debtId: string) => (await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body;
  const types = async (debtId: string): Promise<string[]> => (await timeline(debtId)).entries.map((e: { type: string }) => e.type);
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));

  it("counts a debtor's first contact in the batch when it plans their second debt: the second waits for the cap", async () => {
    const [first, second] = await debtorWithDebts('rita@example.com', 2);
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('rita@example.com')).toHaveLength(1);
    const outcomes = [await types(first!), await types(second!)];
    expect(outcomes.filter((t) => t.includes('ContactSent'))).toHaveLength(1);
    const deferred = [...(await timeline(first!)).entries, ...(await timeline(second!)).entries].find((e: { type: string }) => e.type === 'ContactDeferred');
    expect(deferred).toMatchObject({ rule: { code: 'FREQUENCY_CAP' } });
    // and a second run sends nothing more this week
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('rita@example.com')).toHaveLength(1);
  });

  it("keeps every other debt's outcome when one send of the batch fails, and records each failure as such", async () => {
    const [good1] = await debtorWithDebts('good1@example.com');
    const [refused] = await debtorWithDebts('refused@example.com');
    const [busy] = await debtorWithDebts('busy@example.com');
    const [broken] = await debtorWithDebts('broken@example.com');
    const [good2] = await debtorWithDebts('good2@example.com');
    const before = unexpectedFailures;
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('good1@example.com')).toHaveLength(1);
    expect(mailsTo('good2@example.com')).toHaveLength(1);
    expect(await types(good1!)).toContain('ContactSent');
    expect(await types(good2!)).toContain('ContactSent');
    expect((await timeline(refused!)).entries).toContainEqual(expect.objectContaining({ type: 'ContactFailed', detail: '550 mailbox unavailable' }));
    expect((await timeline(busy!)).entries).toContainEqual(expect.objectContaining({ type: 'ContactFailed', detail: 'will retry: 421 try again later' }));
    const deadline = async (debtId: string) =>
      (await kit.service.contacts.store.driver.query<{ due_at: Date }>('SELECT due_at FROM contacts_deadlines WHERE debt_id = $1', [debtId])).map((r) => new Date(r.due_at).getTime())[0];
    const now = kit.clock.now().getTime();
    // a permanent refusal ends the step; a transient one is tried again later
    expect(await deadline(refused!)).toBeUndefined();
    expect(await deadline(busy!)).toBeGreaterThan(now);
    // a failure the adapter did not classify records nothing: the step is tried again later
    expect(unexpectedFailures).toBe(before + 1);
    expect(await types(broken!)).not.toEqual(expect.arrayContaining(['ContactSent']));
    expect(await types(broken!)).not.toEqual(expect.arrayContaining(['ContactFailed']));
    expect(await deadline(broken!)).toBeGreaterThan(now);
  });

  it('sends each due step once when two schedulers work the same due debts in small batches at once', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `twin${i}@example.com`);
    const debtIds: string[] = [];
    for (const address of addresses) debtIds.push(...(await debtorWithDebts(address)));
    // a second scheduler, as a second replica has: the same database, its own memory of sends
    const first = kit.service.contacts.scheduler;
    const deps = (first as unknown as { deps: object }).deps;
    const Scheduler = first.constructor as new (deps: object) => typeof first;
    const [a, b] = [new Scheduler({ ...deps, batchSize: 3 }), new Scheduler({ ...deps, batchSize: 3 })];
    await Promise.all([a.runDue(), b.runDue()]);
    for (const address of addresses) expect([address, mailsTo(address).length]).toEqual([address, 1]);
    for (const debtId of debtIds) expect((await types(debtId)).filter((t) => t === 'ContactSent')).toHaveLength(1);
    // nothing is left due, and another run finds nothing to send
    await Promise.all([a.runDue(), b.runDue()]);
    for (const address of addresses) expect(mailsTo(address)).toHaveLength(1);
  });
});
