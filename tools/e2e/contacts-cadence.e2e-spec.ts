import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { SmtpEmailAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { randomUUID } from 'node:crypto';
import { ExpectedVersion, NodePostgresDriver, SqlEventStore } from '@collections/shared-event-store';
import { eventually } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

/**
 * The dunning cadence through the public APIs of the debtors and contacts services, on one
 * database (the embedded transport carries the debtors' events), with a real SMTP server
 * on 127.0.0.1 receiving what is sent. The test clock starts on Monday 2026-03-02 12:00 UTC
 * (09:00 in São Paulo).
 */
describe('the contacts cadence against the debtors service and a real SMTP server', () => {
  let smtp: LocalSmtpServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let supervisor: string;
  let integrator: string;
  let emailTemplateId: string;
  let sequence = 0;
  const key = (): string => `contacts-e2e-${process.pid}-${++sequence}`;
  const TENANT = 'lojas-acao';

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    kit = await startContactsWithDebtors('contacts_cadence', () => ({
      senders: { email: new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from: '"Cobrança Lojas Ação" <cobranca@lojas-acao.example>', timeoutMs: 5_000 }) },
    }));
    supervisor = await kit.token(TENANT, 'supervisor', 'agent', 'auditor');
    integrator = await kit.token(TENANT, 'integrator', 'agent', 'supervisor');
    const creditor = await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Lojas Ação S.A.', address: 'Av. Paulista, 1000, São Paulo - SP, 01310-100', taxId: '11.222.333/0001-81' } });
    expect(creditor.status).toBe(200);
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: {
        name: 'Primeiro aviso',
        channel: 'email',
        subject: 'Aviso de débito em aberto - contrato {{debt.contractReference}}',
        body: 'Olá {{debtor.firstName}}, consta em aberto o valor de {{debt.balance}} com vencimento em {{debt.dueDate}}.\n{{creditor.name}} - CNPJ {{creditor.taxId}} - {{creditor.address}}',
      },
    });
    expect(template.status).toBe(201);
    emailTemplateId = template.body.templateId;
    const cadence = await kit.call('POST', '/cadences', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'Varejo padrão', steps: [{ stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: emailTemplateId }] },
    });
    expect(cadence.status).toBe(201);
  });
  afterAll(async () => {
    await kit?.close();
    await smtp?.close();
  });

  /** A debtor with one e-mail and a debt already past due (debtors classifies it overdue at once). */
  async function overdueDebt(email: string, overrides: Record<string, unknown> = {}): Promise<{ debtorId: string; debtId: string; contactPointId: string }> {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Maria da Silva', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: email, consent: 'granted' }], ...overrides },
    });
    expect(debtor.status).toBe(201);
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `CTR-${sequence}`, originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    const debtId: string = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body.status).toBe('running'));
    return { debtorId: debtor.body.debtorId, debtId, contactPointId: debtor.body.contactPoints[0].id };
  }

  const timeline = async (debtId: string) => (await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body;
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));

  it('sends the overdue step once by e-mail, identifying the creditor, and records it', async () => {
    const { debtId } = await overdueDebt('ana@example.com');
    await kit.service.contacts.scheduler.runDue();
    const [mail, ...more] = mailsTo('ana@example.com');
    expect(more).toHaveLength(0);
    expect(mail?.mail.subject).toMatch(/^Aviso de débito em aberto - contrato CTR-/);
    expect(mail?.mail.text).toContain('Olá Maria');
    expect(mail?.mail.text).toContain('R$ 1.500,00');
    expect(mail?.mail.text).toContain('Lojas Ação S.A. - CNPJ 11.222.333/0001-81 - Av. Paulista, 1000');
    const entries = (await timeline(debtId)).entries;
    expect(entries.filter((e: { type: string }) => e.type === 'ContactSent')).toEqual([expect.objectContaining({ stepId: 'd1-email', channel: 'email' })]);

    // a second run (and a restart) finds nothing more to send: the step is done
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('ana@example.com')).toHaveLength(1);
  });

  it('sends nothing for a debt settled before its step runs, and stops the cadence', async () => {
    const { debtId } = await overdueDebt('bia@example.com');
    const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, {
      token: integrator,
      idempotencyKey: key(),
      body: { paymentId: `pix-${key()}`, amount: { amount: 500_000, currency: 'BRL' }, paidOn: '2026-03-02' },
    });
    expect(paid.status).toBe(200);
    await eventually(async () => expect((await timeline(debtId)).status).toBe('stopped'));
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('bia@example.com')).toHaveLength(0);
    expect((await timeline(debtId)).stopReason).toBe('settled');
  });

  it('runs the cadence again when the payment that settled the debt is charged back in the debtors service', async () => {
    const { debtId } = await overdueDebt('rui@example.com');
    const paymentId = `pix-${key()}`;
    const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId, amount: { amount: 500_000, currency: 'BRL' }, paidOn: '2026-03-02' } });
    expect(paid.body.status).toBe('settled');
    await eventually(async () => expect((await timeline(debtId)).status).toBe('stopped'));

    const reversed = await kit.debtorsCall('POST', `/debts/${debtId}/payments/${paymentId}/reversal`, { token: integrator, idempotencyKey: key(), body: { reversedOn: '2026-03-02', reason: 'chargeback' } });
    expect(reversed.body.status).toBe('overdue');
    await eventually(async () => expect((await timeline(debtId)).status).toBe('running'));
    const types = (await timeline(debtId)).entries.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['DebtPaymentReversalNoted', 'CadenceReopened']));
    await kit.service.contacts.scheduler.runDue();
    const [mail] = mailsTo('rui@example.com');
    // what is owed again, not what was owed before the payment was noted and reversed
    expect(mail?.mail.text).toContain('R$ 1.500,00');
  });

  it('sends nothing for a debt settled in the debtors service whose settlement event has not reached contacts yet', async () => {
    const { debtId } = await overdueDebt('bel@example.com');
    const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, {
      token: integrator,
      idempotencyKey: key(),
      body: { paymentId: `pix-${key()}`, amount: { amount: 500_000, currency: 'BRL' }, paidOn: '2026-03-02' },
    });
    expect(paid.status).toBe(200);
    // at once, before the embedded transport delivers DebtSettled: the directory says settled
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('bel@example.com')).toHaveLength(0);
    await eventually(async () => expect((await timeline(debtId)).stopReason).toBe('settled'));
    expect((await timeline(debtId)).entries.map((e: { type: string }) => e.type)).not.toContain('ContactSent');
  });

  it('races a step against a settlement: a message, if any, is recorded before the stop, and none after it', async () => {
    const { debtId } = await overdueDebt('cris@example.com');
    const settle = kit.debtorsCall('POST', `/debts/${debtId}/payments`, {
      token: integrator,
      idempotencyKey: key(),
      body: { paymentId: `pix-${key()}`, amount: { amount: 500_000, currency: 'BRL' }, paidOn: '2026-03-02' },
    });
    await Promise.all([kit.service.contacts.scheduler.runDue(), settle]);
    await eventually(async () => expect((await timeline(debtId)).status).toBe('stopped'));
    await kit.service.contacts.scheduler.runDue();
    const types: string[] = (await timeline(debtId)).entries.map((e: { type: string }) => e.type);
    const stop = types.indexOf('CadenceStopped');
    expect(types.slice(stop + 1)).not.toContain('ContactSent');
    expect(mailsTo('cris@example.com')).toHaveLength(types.includes('ContactSent') ? 1 : 0);
  });

  it('defers a step due on a Sunday to Monday 08:00 in the debtor\'s zone, with the rule as evidence', async () => {
    kit.clock.set('2026-03-08T15:00:00.000Z'); // Sunday, 12:00 in São Paulo
    try {
      const { debtId } = await overdueDebt('duda@example.com');
      await kit.service.contacts.scheduler.runDue();
      expect(mailsTo('duda@example.com')).toHaveLength(0);
      const deferred = (await timeline(debtId)).entries.find((e: { type: string }) => e.type === 'ContactDeferred');
      expect(deferred).toMatchObject({ stepId: 'd1-email', until: '2026-03-09T11:00:00.000Z', rule: { code: 'SUNDAY' } });
      expect(deferred.rule.article).toMatch(/15\.426/);

      kit.clock.set('2026-03-09T11:00:00.000Z');
      await kit.service.contacts.scheduler.runDue();
      expect(mailsTo('duda@example.com')).toHaveLength(1);
    } finally {
      kit.clock.set('2026-03-09T12:00:00.000Z');
    }
  });

  it('pauses on a hold (nothing sent) and resumes where it left off when the hold is released', async () => {
    const { debtId } = await overdueDebt('eva@example.com');
    const held = await kit.call('POST', `/debts/${debtId}/holds`, { token: integrator, idempotencyKey: key(), body: { kind: 'deceased', reason: 'reported by a relative' } });
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('paused');
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('eva@example.com')).toHaveLength(0);

    const released = await kit.call('DELETE', `/debts/${debtId}/holds/deceased`, { token: supervisor, idempotencyKey: key() });
    expect(released.status).toBe(200);
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('eva@example.com')).toHaveLength(1);
  });

  it('never writes to an opted-out contact point and records which rule blocked the step', async () => {
    const { debtId, debtorId, contactPointId } = await overdueDebt('fabi@example.com');
    const optOut = await kit.debtorsCall('POST', `/debtors/${debtorId}/contact-points/${contactPointId}/opt-out`, { token: integrator, idempotencyKey: key(), body: { reason: 'pare de me mandar e-mail' } });
    expect(optOut.status).toBeLessThan(300);
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('fabi@example.com')).toHaveLength(0);
    expect((await timeline(debtId)).entries).toContainEqual(expect.objectContaining({ type: 'ContactBlocked', rule: expect.objectContaining({ code: 'OPTED_OUT' }) }));
  });

  it('pauses for a dispute opened in the debtors service and resumes when it is rejected', async () => {
    const { debtId } = await overdueDebt('gabi@example.com');
    expect((await kit.debtorsCall('POST', `/debts/${debtId}/dispute`, { token: integrator, idempotencyKey: key(), body: { reason: 'não reconheço' } })).status).toBeLessThan(300);
    await eventually(async () => expect((await timeline(debtId)).status).toBe('paused'));
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('gabi@example.com')).toHaveLength(0);
    expect((await kit.debtorsCall('POST', `/debts/${debtId}/dispute/resolution`, { token: integrator, idempotencyKey: key(), body: { outcome: 'rejected' } })).status).toBeLessThan(300);
    await eventually(async () => expect((await timeline(debtId)).status).toBe('running'));
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('gabi@example.com')).toHaveLength(1);
  });

  it("sends the legal context's prior notice of a listing by letter and e-mail once, and publishes the proof", async () => {
    const driver = NodePostgresDriver.create(kit.database.config);
    const store = await SqlEventStore.open(driver);
    try {
      const debtor = await kit.debtorsCall('POST', '/debtors', {
        token: integrator,
        idempotencyKey: key(),
        body: {
          taxId: generateCpf(),
          name: 'Paula Souza',
          state: 'SP',
          contactPoints: [
            // no consent for marketing contact: the letter, a legal duty, goes all the same
            { kind: 'postal_address', value: { street: 'Rua Augusta', number: '100', district: 'Consolação', city: 'São Paulo', state: 'SP', postalCode: '01304-000' }, consent: 'not_granted' },
            { kind: 'email', value: 'paula@example.com', consent: 'granted' },
          ],
        },
      });
      const debt = await kit.debtorsCall('POST', '/debts', { token: integrator, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, contractReference: 'NOTICE-1', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' } });
      const noticeId = randomUUID();
      const request = { noticeId, debtId: debt.body.debtId, debtorId: debtor.body.debtorId, amount: { amount: 155_000, currency: 'BRL' }, dueDate: '2026-01-10', listingNotBefore: '2026-03-12', requestedAt: '2026-03-02T12:00:00.000Z' };
      // the legal service's domain event, as it lands in the shared log in embedded mode (delivered twice)
      for (const attempt of [1, 2]) {
        await store.appendToStream(`escalation-${debt.body.debtId}-${attempt}`, [{ eventId: randomUUID(), type: 'EscalationNoticeRequested', data: request, metadata: {} }], { tenantId: TENANT, expectedVersion: ExpectedVersion.noStream });
      }
      const published = async () => driver.query<{ event_type: string; data: any }>('SELECT event_type, data FROM es_events WHERE stream_id = $1', [`prior-notice-${noticeId}`]);
      await eventually(async () => {
        await kit.service.contacts.scheduler.runDue();
        expect(await published()).toHaveLength(1);
      });
      await kit.service.contacts.scheduler.runDue();
      const [outcome] = await published();
      expect(outcome!.event_type).toBe('PriorNoticeDispatched');
      expect(outcome!.data.deliveries.map((d: { channel: string }) => d.channel)).toEqual(['letter', 'email']);
      // (the cadence's own e-mail step goes to her too: the debt is overdue)
      const mails = mailsTo('paula@example.com').filter((m) => m.mail.subject === 'Notificação prévia de inclusão em cadastro de inadimplentes');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.mail.text).toContain('a partir de 12/03/2026');
      const letter = await kit.call('GET', `/letters/${outcome!.data.deliveries[0].messageId}`, { token: supervisor });
      expect(letter.status).toBe(200);
    } finally {
      await store.close();
    }
  });

  it('refuses a template that does not identify the creditor, naming what is missing, and records nothing', async () => {
    const refused = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'Sem credor', channel: 'sms', body: 'Olá {{debtor.firstName}}, pague {{debt.balance}}. {{creditor.name}}' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/creditor\.taxId|creditor\.address/);
  });

  /** One debtor (one e-mail) with `count` debts already past due, each with the given segment. */
  async function debtorWithDebts(email: string, count: number, segment?: string): Promise<string[]> {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Caio Prado', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: email, consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debtIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const debt = await kit.debtorsCall('POST', '/debts', {
        token: integrator,
        idempotencyKey: key(),
        body: { debtorId: debtor.body.debtorId, contractReference: `CTR-${sequence}`, originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02', ...(segment ? { segment } : {}) },
      });
      expect(debt.status).toBe(201);
      debtIds.push(debt.body.debtId);
    }
    for (const debtId of debtIds) await eventually(async () => expect((await timeline(debtId)).status).toBe('running'));
    return debtIds;
  }

  it("holds the debtor's weekly e-mail cap when the scheduler works several of the debtor's debts at once", async () => {
    const debtIds = await debtorWithDebts('caio@example.com', 5);
    await kit.service.contacts.scheduler.runDue(10_000, 5);
    // three e-mails a week per debtor (the default cap), whatever the order the five steps ran in
    expect(mailsTo('caio@example.com')).toHaveLength(3);
    const outcomes = await Promise.all(debtIds.map(async (debtId) => (await timeline(debtId)).entries.map((e: { type: string }) => e.type)));
    expect(outcomes.filter((types) => types.includes('ContactSent'))).toHaveLength(3);
    expect(outcomes.filter((types) => types.includes('ContactDeferred'))).toHaveLength(2);
  });

  it("runs the cadence of the debt's segment, and the default cadence for a segment that has none", async () => {
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'Veículos', channel: 'email', subject: 'Veículo: contrato {{debt.contractReference}}', body: 'Olá {{debtor.firstName}}, {{debt.balance}}.\n{{creditor.name}} - CNPJ {{creditor.taxId}} - {{creditor.address}}' },
    });
    expect(template.status).toBe(201);
    const cadence = await kit.call('POST', '/cadences', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'Veículos', segment: 'veiculos', steps: [{ stepId: 'v1-email', offsetDays: 1, channel: 'email', templateId: template.body.templateId }] },
    });
    expect(cadence.status).toBe(201);
    const [vehicle] = await debtorWithDebts('vera@example.com', 1, 'veiculos');
    const [card] = await debtorWithDebts('carla@example.com', 1, 'cartao');
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('vera@example.com').map((m) => m.mail.subject)).toEqual([expect.stringMatching(/^Veículo: contrato CTR-/)]);
    expect(mailsTo('carla@example.com').map((m) => m.mail.subject)).toEqual([expect.stringMatching(/^Aviso de débito em aberto/)]);
    expect((await timeline(vehicle!)).entries.find((e: { type: string }) => e.type === 'ContactSent')).toMatchObject({ stepId: 'v1-email' });
    expect((await timeline(card!)).entries.find((e: { type: string }) => e.type === 'ContactSent')).toMatchObject({ stepId: 'd1-email' });
  });
});
