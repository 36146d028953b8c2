import { randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { nameBasedUuid } from '@collections/shared-kernel';
import { eventually } from '@collections/shared-testing';
import { BUREAUS } from '@collections/legal-domain';
import { startLegalWithDebtors } from './legal-with-debtors';

/**
 * The legal escalation through the public APIs of the debtors and legal services, on one
 * real PostgreSQL database (the embedded transport carries the debtors' events, and the
 * contacts context's notice proof), with the three bureaus as local fake servers. The test
 * clock starts on Monday 2026-03-02 12:00 UTC; a debt due 2026-01-01 is 60 days past due.
 */
describe('the legal escalation against the debtors service and fake bureaus', () => {
  let kit: Awaited<ReturnType<typeof startLegalWithDebtors>>;
  let admin: string;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `legal-e2e-${process.pid}-${++sequence}`;
  const TENANT = 'lojas-acao';

  beforeAll(async () => {
    kit = await startLegalWithDebtors('legal_escalation');
    admin = await kit.token(TENANT, 'admin', 'supervisor', 'auditor');
    integrator = await kit.token(TENANT, 'integrator');
    const policy = await kit.call('PUT', '/escalation-policy', { token: admin, idempotencyKey: key(), body: { triggerDaysPastDue: 60, noticePeriodDays: 10, removeOn: 'payment', calendarState: 'SP' } });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ version: 1, triggerDaysPastDue: 60, noticePeriodDays: 10, legalMinimumNoticeDays: 10 });
  });
  afterAll(async () => {
    await kit?.close();
    await kit?.closeFakes();
  });

  /** A debtor and a debt due `dueDate` (debtors classifies it overdue at once), seen by the legal service. */
  async function overdueDebt(dueDate: string, amount = 150_000, asIntegrator = integrator, asReader = admin, extra: { segment?: string } = {}): Promise<{ debtorId: string; debtId: string; taxId: string }> {
    const taxId = generateCpf();
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: asIntegrator,
      idempotencyKey: key(),
      body: { taxId, name: 'Maria da Silva', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: `m${sequence}@example.com`, consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: asIntegrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `CTR-${sequence}`, originalAmount: { amount, currency: 'BRL' }, dueDate, lateFeeRate: '0.02', ...extra },
    });
    expect(debt.status).toBe(201);
    const debtId: string = debt.body.debtId;
    await eventually(async () => expect((await escalation(debtId, asReader)).debt.overdueSince).toBe(dueDate));
    return { debtorId: debtor.body.debtorId, debtId, taxId };
  }

  const escalation = async (debtId: string, as = admin) => {
    const reply = await kit.call('GET', `/escalations/${debtId}`, { token: as });
    if (reply.status !== 200) throw new Error(`escalation ${debtId}: ${reply.status}`);
    return reply.body;
  };
  const types = async (debtId: string): Promise<string[]> => (await escalation(debtId)).timeline.map((t: { type: string }) => t.type);

  /** The contacts context's answer, published the way contacts will: a domain event on its stream, read by legal through the embedded transport. */
  async function publishNoticeSent(debtId: string, noticeId: string, sentAt: string): Promise<void> {
    await kit.service.legal.store.appendToStream(
      `prior-notice-${noticeId}`,
      [
        {
          eventId: nameBasedUuid('legal-e2e', noticeId, 'sent'),
          // the contacts domain event its PriorNoticeSent v1 is published from
          type: 'PriorNoticeDispatched',
          data: { noticeId, debtId, sentAt, deliveries: [{ channel: 'letter', messageId: 'letter-1', contactPointId: 'cp-1' }, { channel: 'email', messageId: 'mail-1', contactPointId: 'cp-2' }] },
          metadata: { actor: 'system:contacts' },
        },
      ],
      { tenantId: TENANT, expectedVersion: { kind: 'any' } },
    );
  }

  /** A domain event of another context on its stream, as that context writes it; legal reads its integration event through the embedded transport. */
  async function publishAs(stream: string, type: string, data: Record<string, unknown>, tenantId = TENANT): Promise<void> {
    await kit.service.legal.store.appendToStream(stream, [{ eventId: randomUUID(), type, data, metadata: { actor: 'system:e2e' } }], { tenantId, expectedVersion: { kind: 'any' } });
  }
  /** The contacts context's hold (its `CadencePaused` / `CadenceResumed` domain events on the debt's dunning stream). */
  const placeHold = (debtId: string, holdId: string, kind: string, at: string) => publishAs(`dunning-${debtId}`, 'CadencePaused', { debtId, holdId, kind, reason: 'e2e', pausedAt: at, pausedBy: 'agent@e2e' });
  const releaseHold = (debtId: string, holdId: string, at: string) => publishAs(`dunning-${debtId}`, 'CadenceResumed', { debtId, holdId, resumedAt: at, resumedBy: 'agent@e2e' });
  /** The requests the fake bureaus received about one debt (its id travels as the contract number or in the path). */
  const bureauCalls = (debtId: string): number => BUREAUS.flatMap((b) => kit.fakes[b].requests).filter((r) => JSON.stringify(r).includes(debtId)).length;

  /** Moves the clock to a day (12:00 UTC) and runs the legal scheduler, as its poll would. */
  async function at(date: string): Promise<void> {
    kit.clock.set(`${date}T12:00:00.000Z`);
    await kit.service.legal.scheduler.runDue();
  }

  it('overdue past the trigger -> notice requested; proof of sending -> listed at the three fake bureaus only after the period; paid -> removal requested at once and confirmed', async () => {
    const { debtId, debtorId, taxId } = await overdueDebt('2026-01-01');
    await at('2026-03-02');
    const requested = await escalation(debtId);
    expect(requested.notice).toMatchObject({ status: 'requested' });
    const notice = requested.timeline.find((t: { type: string }) => t.type === 'EscalationNoticeRequested').data;
    // the balance today from the debtors API (2% late fee and interest on top of 1,500.00)
    expect(notice).toMatchObject({ debtId, debtorId, dueDate: '2026-01-01', listingNotBefore: '2026-03-13' });
    expect(notice.amount.amount).toBeGreaterThan(150_000);

    await publishNoticeSent(debtId, notice.noticeId, '2026-03-03T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice).toMatchObject({ status: 'sent', listingNotBefore: '2026-03-14' }));

    // sent on the 3rd: 10 days run the 4th to the 13th (the day of sending excluded); on the 13th nothing goes to any bureau
    await at('2026-03-13');
    expect(kit.fakes.serasa.listings()).toHaveLength(0);
    expect((await escalation(debtId)).bureaus).toEqual([]);

    await at('2026-03-14');
    const listed = await escalation(debtId);
    expect(listed.bureaus.map((b: { bureau: string; status: string }) => `${b.bureau}:${b.status}`).sort()).toEqual(['boavista:listed', 'serasa:listed', 'spc:listed']);
    // each bureau got its own shape, with the identity read from the debtors API at the call
    expect(kit.fakes.serasa.listings().at(-1)).toMatchObject({ method: 'POST', path: '/v1/negativacoes', body: { documento: taxId, nome: 'Maria da Silva', contrato: debtId, vencimento: '2026-01-01' } });
    expect(kit.fakes.spc.listings().at(-1)).toMatchObject({ method: 'POST', path: '/spc/inclusao', body: { cpfCnpj: taxId, numeroContrato: debtId } });
    expect(kit.fakes.boavista.listings().at(-1)).toMatchObject({ method: 'PUT', path: `/scpc/registros/${debtId}` });

    // paid in full in the debtors service
    kit.clock.set('2026-03-16T12:00:00.000Z');
    const balance = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.balance.totalDue;
    const paid = await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: `pay-${sequence}`, amount: balance, paidOn: '2026-03-16', method: 'pix' } });
    expect(paid.status).toBeLessThan(300);
    await eventually(async () => expect((await escalation(debtId)).removal).toMatchObject({ reason: 'settled', since: '2026-03-16', slaDueOn: '2026-03-23' }));
    const sla = await kit.call('GET', '/removals', { token: admin });
    expect(sla.body.removals).toEqual(expect.arrayContaining([expect.objectContaining({ debtId, slaDueOn: '2026-03-23', overdue: false })]));

    await kit.service.legal.scheduler.runDue();
    const removed = await escalation(debtId);
    expect(removed.bureaus.map((b: { status: string }) => b.status)).toEqual(['removed', 'removed', 'removed']);
    expect(kit.fakes.serasa.removals().at(-1)).toMatchObject({ method: 'DELETE' });
    expect(kit.fakes.spc.removals().at(-1)).toMatchObject({ path: '/spc/exclusao' });
    expect((await kit.call('GET', '/removals', { token: admin })).body.removals.find((r: { debtId: string }) => r.debtId === debtId)).toBeUndefined();
  });

  it('race: a payment between the notice and the end of its period prevents the listing, with the rule as evidence', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 90_000);
    await at('2026-03-02');
    const noticeId = (await escalation(debtId)).notice.noticeId;
    await publishNoticeSent(debtId, noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    const before = kit.fakes.serasa.listings().length;

    kit.clock.set('2026-03-05T12:00:00.000Z');
    const balance = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.balance.totalDue;
    await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: `pay-${sequence}`, amount: balance, paidOn: '2026-03-05', method: 'pix' } });
    await eventually(async () => expect((await escalation(debtId)).debt.settled).toBe(true));

    await at('2026-03-13');
    const after = await escalation(debtId);
    expect(after.bureaus).toEqual([]);
    expect(kit.fakes.serasa.listings().length).toBe(before);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'listing', rule: 'LEGAL_DEBT_SETTLED' } });

    // asked by hand: refused with the rule, recorded again as evidence
    const byHand = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: {} });
    expect(byHand.status).toBe(422);
    expect(JSON.stringify(byHand.body)).toContain('LEGAL_DEBT_SETTLED');
    expect((await escalation(debtId)).timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { byHand: true, rule: 'LEGAL_DEBT_SETTLED' } });
  });

  it('race: a dispute opened after a listing was requested, before its bureau calls, keeps every call from being made', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 70_000);
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    kit.clock.set('2026-03-13T12:00:00.000Z');
    const byHand = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: {} });
    expect(byHand.status).toBe(202);
    expect(byHand.body.bureaus.map((b: { status: string }) => b.status)).toEqual(['requested', 'requested', 'requested']);
    const calls = kit.fakes.serasa.requests.length + kit.fakes.spc.requests.length + kit.fakes.boavista.requests.length;

    await kit.debtorsCall('POST', `/debts/${debtId}/dispute`, { token: integrator, idempotencyKey: key(), body: { reason: 'não reconheço' } });
    await eventually(async () => expect((await escalation(debtId)).debt.disputed).toBe(true));
    await kit.service.legal.scheduler.runDue();
    expect(kit.fakes.serasa.requests.length + kit.fakes.spc.requests.length + kit.fakes.boavista.requests.length).toBe(calls);
    const after = await escalation(debtId);
    expect(after.bureaus.map((b: { status: string }) => b.status)).toEqual(['failed', 'failed', 'failed']);
    expect(after.timeline.filter((t: { type: string }) => t.type === 'EscalationBureauCallFailed').map((t: { data: { rule: string } }) => t.data.rule)).toEqual(['LEGAL_DEBT_IN_DISPUTE', 'LEGAL_DEBT_IN_DISPUTE', 'LEGAL_DEBT_IN_DISPUTE']);
  });

  it('a listed debt nearing 5 years past due has its removal asked 10 days before the mark, and confirmed (CDC art. 43 §1)', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2021-05-01', 60_000);
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    await at('2026-03-13');
    expect((await escalation(debtId)).bureaus.map((b: { status: string }) => b.status)).toEqual(['listed', 'listed', 'listed']);
    await at('2026-04-20');
    expect((await escalation(debtId)).removal).toBeNull();
    await at('2026-04-21');
    const expired = await escalation(debtId);
    expect(expired.removal).toMatchObject({ reason: 'expired', slaDueOn: '2026-04-30' });
    expect(expired.bureaus.map((b: { status: string }) => b.status)).toEqual(['removed', 'removed', 'removed']);
  });

  it('a listing by hand is refused without a sent notice, and for a debt in dispute', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01');
    const missing = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: { bureaus: ['serasa'] } });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('LEGAL_NOTICE_MISSING');

    const dispute = await kit.debtorsCall('POST', `/debts/${debtId}/dispute`, { token: integrator, idempotencyKey: key(), body: { reason: 'não reconheço a dívida' } });
    expect(dispute.status).toBeLessThan(300);
    await eventually(async () => expect((await escalation(debtId)).debt.disputed).toBe(true));
    const disputed = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: {} });
    expect(disputed.status).toBe(422);
    expect(JSON.stringify(disputed.body)).toContain('LEGAL_DEBT_IN_DISPUTE');
    expect(await types(debtId)).not.toContain('EscalationListingRequested');
  });

  it('an unconfirmed removal raises the SLA breach after 5 business days, across a restart, and shows as overdue', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 120_000);
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    await at('2026-03-13');
    await eventually(async () => expect((await escalation(debtId)).bureaus).toHaveLength(3));

    // every bureau fails the removal from now on: 5xx, a timeout, garbage
    kit.fakes.serasa.answerNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    kit.fakes.spc.answerNext('timeout', 'timeout', 'timeout', 'timeout', 'timeout', 'timeout');
    kit.fakes.boavista.answerNext('garbage', 'garbage');
    // paid on Friday 2026-04-17: 5 business days, Tiradentes (Tue 21/04) skipped -> Mon 2026-04-27
    kit.clock.set('2026-04-17T12:00:00.000Z');
    const balance = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.balance.totalDue;
    await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: `pay-${sequence}`, amount: balance, paidOn: '2026-04-17', method: 'pix' } });
    await eventually(async () => expect((await escalation(debtId)).removal).toMatchObject({ slaDueOn: '2026-04-27', breached: false }));
    await kit.service.legal.scheduler.runDue();
    const failures = (await escalation(debtId)).timeline.filter((t: { type: string }) => t.type === 'EscalationBureauCallFailed');
    expect(failures.map((f: { data: { bureau: string; attempts: number } }) => `${f.data.bureau}:${f.data.attempts}`).sort()).toEqual(['boavista:1', 'serasa:3', 'spc:3']);
    expect(failures.find((f: { data: { bureau: string } }) => f.data.bureau === 'boavista').data.rule).toBe('LEGAL_BUREAU_ANSWER_INVALID');

    await kit.restart();
    kit.fakes.serasa.answerNext(...Array.from({ length: 30 }, () => ({ status: 500 })));
    kit.fakes.spc.answerNext(...Array.from({ length: 30 }, () => ({ status: 500 })));
    kit.fakes.boavista.answerNext(...Array.from({ length: 30 }, () => ({ status: 500 })));
    await at('2026-04-27');
    expect(await types(debtId)).not.toContain('EscalationRemovalSlaBreached');
    await at('2026-04-28');
    const breached = (await escalation(debtId)).timeline.filter((t: { type: string }) => t.type === 'EscalationRemovalSlaBreached');
    expect(breached).toHaveLength(1);
    expect(breached[0].data).toMatchObject({ slaDueOn: '2026-04-27', bureausPending: ['serasa', 'spc', 'boavista'] });
    const overdue = await kit.call('GET', '/removals?status=overdue', { token: admin });
    expect(overdue.body.removals).toEqual(expect.arrayContaining([expect.objectContaining({ debtId, overdue: true, breachRecorded: true })]));
    for (const bureau of BUREAUS) kit.fakes[bureau].answerNormally();
  });

  it('protest (policy on): filed at the fake CENPROT, the notary notice recorded, cancelled there on payment; refused while the policy has it off; lawsuit hand-off once, never for a paid debt', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId: offDebt } = await overdueDebt('2026-01-01');
    const off = await kit.call('POST', `/escalations/${offDebt}/protest`, { token: admin, idempotencyKey: key() });
    expect(off.status).toBe(422);
    expect(JSON.stringify(off.body)).toContain('LEGAL_PROTEST_DISABLED');

    const CARTORIO = 'cartorio-sa';
    const boss = await kit.token(CARTORIO, 'admin', 'supervisor', 'auditor', 'integrator');
    expect((await kit.call('PUT', '/escalation-policy', { token: boss, idempotencyKey: key(), body: { protest: true } })).status).toBe(200);
    const { debtId, taxId } = await overdueDebt('2026-01-01', 80_000, boss, boss);
    const requested = await kit.call('POST', `/escalations/${debtId}/protest`, { token: boss, idempotencyKey: key() });
    expect(requested.status).toBe(202);
    expect(requested.body.protest.status).toBe('requested');
    await kit.service.legal.scheduler.runDue();
    expect(kit.notary.requests.at(-1)).toMatchObject({ method: 'POST', path: '/cenprot/v1/protestos', body: { devedor: { documento: taxId }, titulo: debtId } });
    expect((await escalation(debtId, boss)).protest.status).toBe('filed');

    const notice = await kit.call('POST', `/escalations/${debtId}/protest/notice`, { token: boss, idempotencyKey: key(), body: { notifiedOn: '2026-03-02' } });
    expect(notice.status).toBe(200);
    expect(notice.body.timeline.at(-1)).toMatchObject({ type: 'EscalationProtestNoticeServed', data: { notifiedOn: '2026-03-02', payableUntil: '2026-03-05' } });
    const future = await kit.call('POST', `/escalations/${debtId}/protest/notice`, { token: boss, idempotencyKey: key(), body: { notifiedOn: '2026-03-09' } });
    expect(future.status).toBe(400);

    kit.clock.set('2026-03-04T12:00:00.000Z');
    const balance = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: boss })).body.balance.totalDue;
    await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: boss, idempotencyKey: key(), body: { paymentId: `pay-${sequence}`, amount: balance, paidOn: '2026-03-04', method: 'pix' } });
    await eventually(async () => expect((await escalation(debtId, boss)).protest.status).toBe('cancellation-requested'));
    await kit.service.legal.scheduler.runDue();
    expect(kit.notary.requests.at(-1)).toMatchObject({ method: 'DELETE' });
    expect((await escalation(debtId, boss)).protest.status).toBe('cancelled');

    const paidLawsuit = await kit.call('POST', `/escalations/${debtId}/lawsuit`, { token: boss, idempotencyKey: key(), body: { lawFirm: 'Silva Advogados' } });
    expect(paidLawsuit.status).toBe(422);
    expect(JSON.stringify(paidLawsuit.body)).toContain('LEGAL_DEBT_SETTLED');
    const lawsuit = await kit.call('POST', `/escalations/${offDebt}/lawsuit`, { token: admin, idempotencyKey: key(), body: { lawFirm: 'Silva Advogados' } });
    expect(lawsuit.status).toBe(200);
    expect(lawsuit.body.lawsuit).toMatchObject({ lawFirm: 'Silva Advogados' });
    const twice = await kit.call('POST', `/escalations/${offDebt}/lawsuit`, { token: admin, idempotencyKey: key(), body: { lawFirm: 'Outro' } });
    expect(JSON.stringify(twice.body)).toContain('LEGAL_ALREADY_HANDED_OFF');
  });

  it('the lawsuit dossier: JSON with the notice proof, the state after each step and the debtors audit; and a PDF', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01');
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    const dossier = await kit.call('GET', `/escalations/${debtId}/dossier`, { token: admin });
    expect(dossier.status).toBe(200);
    expect(dossier.body.noticeProof).toMatchObject({ sentAt: '2026-03-02T15:00:00.000Z', listingNotBefore: '2026-03-13', deliveries: [{ channel: 'letter' }, { channel: 'email' }] });
    expect(dossier.body.steps.at(-1)).toMatchObject({ type: 'EscalationNoticeSent', stateAfter: { notice: { status: 'sent' } } });
    expect(dossier.body.sources.debtHistory).toBe('debtors-api');
    expect(JSON.stringify(dossier.body.verification)).toContain('true');
    const pdf = await fetch(`${kit.service.httpUrl}/escalations/${debtId}/dossier.pdf`, { headers: { authorization: `Bearer ${admin}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('race: an agreement entered between the notice and the end of its period prevents the listing, with the rule as evidence; nothing reaches a bureau', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId, debtorId } = await overdueDebt('2026-01-01', 95_000);
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    const calls = bureauCalls(debtId);

    // the negotiation context's agreement, read by the debtors service, whose DebtEnteredAgreement legal reads
    const agreementId = randomUUID();
    kit.clock.set('2026-03-06T12:00:00.000Z');
    await publishAs(`agreement-${agreementId}`, 'AgreementEntered', { agreementId, debtorId, debtIds: [debtId], enteredAt: '2026-03-06T12:00:00.000Z' });
    await eventually(async () => expect((await escalation(debtId)).debt.inAgreement).toBe(true));

    await at('2026-03-13');
    const after = await escalation(debtId);
    expect(after.bureaus).toEqual([]);
    expect(bureauCalls(debtId)).toBe(calls);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'listing', rule: 'LEGAL_DEBT_IN_AGREEMENT', byHand: false } });

    const byHand = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: {} });
    expect(byHand.status).toBe(422);
    expect(JSON.stringify(byHand.body)).toContain('LEGAL_DEBT_IN_AGREEMENT');
    await kit.service.legal.scheduler.runDue();
    expect(bureauCalls(debtId)).toBe(calls);
    expect(await types(debtId)).not.toContain('EscalationListingRequested');
  });

  it('a listing by hand for a paid debt is refused with the rule (STJ Súmula 548), recorded as evidence, and nothing is listed', async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 40_000);
    await at('2026-03-02');
    await publishNoticeSent(debtId, (await escalation(debtId)).notice.noticeId, '2026-03-02T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice.status).toBe('sent'));
    kit.clock.set('2026-03-03T12:00:00.000Z');
    const balance = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body.balance.totalDue;
    await kit.debtorsCall('POST', `/debts/${debtId}/payments`, { token: integrator, idempotencyKey: key(), body: { paymentId: `pay-${sequence}`, amount: balance, paidOn: '2026-03-03', method: 'pix' } });
    await eventually(async () => expect((await escalation(debtId)).debt.settled).toBe(true));
    const calls = bureauCalls(debtId);

    // past the notice period, so the only rule left is the payment
    kit.clock.set('2026-03-14T12:00:00.000Z');
    const byHand = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: { bureaus: ['serasa', 'spc', 'boavista'] } });
    expect(byHand.status).toBe(422);
    expect(JSON.stringify(byHand.body)).toContain('LEGAL_DEBT_SETTLED');
    expect(JSON.stringify(byHand.body)).toContain('Súmula 548');
    await kit.service.legal.scheduler.runDue();
    const after = await escalation(debtId);
    expect(after.bureaus).toEqual([]);
    expect(bureauCalls(debtId)).toBe(calls);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'listing', rule: 'LEGAL_DEBT_SETTLED', byHand: true } });
  });

  it("a hold placed in the contacts context (death, bankruptcy) stops the notice and the listing with the rule as evidence; its release lets the escalation go on", async () => {
    kit.clock.set('2026-03-01T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 110_000);
    // the debtor's death is reported the day before the trigger: no notice on the day
    await placeHold(debtId, 'call-deceased-1', 'deceased', '2026-03-01T12:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).debt.holds).toEqual([{ holdId: 'call-deceased-1', kind: 'deceased' }]));
    await at('2026-03-02');
    const held = await escalation(debtId);
    expect(held.notice.status).toBe('none');
    expect(held.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'notice', rule: 'LEGAL_DEBT_ON_HOLD', byHand: false } });
    expect(held.timeline.at(-1).data.article).toContain('hold');
    await at('2026-03-03');
    expect((await types(debtId)).filter((t) => t === 'EscalationStepRefused')).toHaveLength(1);

    // released (a mistaken report): the notice is requested on the next tick
    kit.clock.set('2026-03-04T12:00:00.000Z');
    await releaseHold(debtId, 'call-deceased-1', '2026-03-04T12:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).debt.holds).toEqual([]));
    await at('2026-03-04');
    const noticeId = (await escalation(debtId)).notice.noticeId;
    expect((await escalation(debtId)).notice.status).toBe('requested');
    await publishNoticeSent(debtId, noticeId, '2026-03-04T15:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).notice).toMatchObject({ status: 'sent', listingNotBefore: '2026-03-15' }));

    // a bankruptcy after the notice: on the listing day nothing goes to any bureau
    await placeHold(debtId, 'bankruptcy', 'bankruptcy', '2026-03-10T12:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).debt.holds).toHaveLength(1));
    const calls = bureauCalls(debtId);
    await at('2026-03-15');
    const stopped = await escalation(debtId);
    expect(stopped.bureaus).toEqual([]);
    expect(bureauCalls(debtId)).toBe(calls);
    expect(stopped.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'listing', rule: 'LEGAL_DEBT_ON_HOLD' } });
    const byHand = await kit.call('POST', `/escalations/${debtId}/listing`, { token: admin, idempotencyKey: key(), body: {} });
    expect(byHand.status).toBe(422);
    expect(JSON.stringify(byHand.body)).toContain('LEGAL_DEBT_ON_HOLD');

    // the hold released: the listing goes out on the next tick
    kit.clock.set('2026-03-16T12:00:00.000Z');
    await releaseHold(debtId, 'bankruptcy', '2026-03-16T12:00:00.000Z');
    await eventually(async () => expect((await escalation(debtId)).debt.holds).toEqual([]));
    await at('2026-03-16');
    expect((await escalation(debtId)).bureaus.map((b: { status: string }) => b.status)).toEqual(['listed', 'listed', 'listed']);
    expect(kit.fakes.serasa.listings().at(-1)).toMatchObject({ body: { contrato: debtId } });
  });

  it("policy per segment: a debt of the segment escalates under its override (30 days past due, 15 of notice); a debt without one, or of another, under the tenant's 60", async () => {
    const SEGMENTED = 'lojas-segmentos';
    const boss = await kit.token(SEGMENTED, 'admin', 'supervisor', 'auditor', 'integrator');
    const set = await kit.call('PUT', '/escalation-policy', { token: boss, idempotencyKey: key(), body: { triggerDaysPastDue: 60, segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 15 }, veiculo: { removeOn: 'payment-or-agreement' } } } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ version: 1, triggerDaysPastDue: 60, noticePeriodDays: 10, segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 15 }, veiculo: { removeOn: 'payment-or-agreement' } } });
    expect((await kit.call('GET', '/escalation-policy', { token: boss })).body).toEqual(set.body);
    // the same overrides again: the same version
    const again = await kit.call('PUT', '/escalation-policy', { token: boss, idempotencyKey: key(), body: { segments: { veiculo: { removeOn: 'payment-or-agreement' }, cartao: { noticePeriodDays: 15, triggerDaysPastDue: 30 } } } });
    expect(again.body.version).toBe(1);

    kit.clock.set('2026-03-02T12:00:00.000Z');
    const card = await overdueDebt('2026-01-25', 70_000, boss, boss, { segment: 'cartao' });
    const car = await overdueDebt('2026-01-25', 70_000, boss, boss, { segment: 'veiculo' });
    const plain = await overdueDebt('2026-01-25', 70_000, boss, boss);
    expect((await escalation(card.debtId, boss)).debt.segment).toBe('cartao');
    expect((await escalation(plain.debtId, boss)).debt.segment).toBeNull();

    // 36 days past due
    await at('2026-03-02');
    const notice = (await escalation(card.debtId, boss)).timeline.find((t: { type: string }) => t.type === 'EscalationNoticeRequested');
    expect(notice.data).toMatchObject({ noticePeriodDays: 15, policyVersion: 1, dueDate: '2026-01-25', listingNotBefore: '2026-03-18' });
    expect((await escalation(car.debtId, boss)).notice.status).toBe('none');
    expect((await escalation(plain.debtId, boss)).notice.status).toBe('none');
    // 60 days past due: the others' turn, with the tenant's 10 days
    await at('2026-03-26');
    expect((await escalation(plain.debtId, boss)).timeline.find((t: { type: string }) => t.type === 'EscalationNoticeRequested').data).toMatchObject({ noticePeriodDays: 10 });
    expect((await escalation(car.debtId, boss)).notice.status).toBe('requested');
  });

  it("the notary's answer that the title was protested: refused while the debtor's 3 business days run, recorded after them once", async () => {
    const CARTORIO = 'cartorio-protesto';
    const boss = await kit.token(CARTORIO, 'admin', 'supervisor', 'auditor', 'integrator');
    expect((await kit.call('PUT', '/escalation-policy', { token: boss, idempotencyKey: key(), body: { protest: true } })).status).toBe(200);
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const { debtId } = await overdueDebt('2026-01-01', 85_000, boss, boss);
    const early = await kit.call('POST', `/escalations/${debtId}/protest/protested`, { token: boss, idempotencyKey: key(), body: { protocol: 'PROT-1' } });
    expect(early.status).toBe(422);
    expect(JSON.stringify(early.body)).toContain('LEGAL_PROTEST_NOT_REQUESTED');

    expect((await kit.call('POST', `/escalations/${debtId}/protest`, { token: boss, idempotencyKey: key() })).status).toBe(202);
    await kit.service.legal.scheduler.runDue();
    expect((await escalation(debtId, boss)).protest.status).toBe('filed');
    // notified Monday 2 March: the debtor may pay until Thursday 5 March
    expect((await kit.call('POST', `/escalations/${debtId}/protest/notice`, { token: boss, idempotencyKey: key(), body: { notifiedOn: '2026-03-02' } })).status).toBe(200);
    kit.clock.set('2026-03-05T18:00:00.000Z');
    const running = await kit.call('POST', `/escalations/${debtId}/protest/protested`, { token: boss, idempotencyKey: key(), body: { protocol: 'PROT-1' } });
    expect(running.status).toBe(422);
    expect(JSON.stringify(running.body)).toContain('LEGAL_PROTEST_PERIOD_RUNNING');
    expect((await escalation(debtId, boss)).protest.status).toBe('notified');

    kit.clock.set('2026-03-06T12:00:00.000Z');
    const protested = await kit.call('POST', `/escalations/${debtId}/protest/protested`, { token: boss, idempotencyKey: key(), body: { protocol: 'PROT-1' } });
    expect(protested.status).toBe(200);
    expect(protested.body.protest.status).toBe('protested');
    expect(protested.body.timeline.at(-1)).toMatchObject({ type: 'EscalationTitleProtested', data: { protocol: 'PROT-1', protestedAt: '2026-03-06T12:00:00.000Z' } });
    const again = await kit.call('POST', `/escalations/${debtId}/protest/protested`, { token: boss, idempotencyKey: key(), body: { protocol: 'PROT-1' } });
    expect(again.status).toBe(200);
    expect((await escalation(debtId, boss)).timeline.filter((t: { type: string }) => t.type === 'EscalationTitleProtested')).toHaveLength(1);
  });
});

