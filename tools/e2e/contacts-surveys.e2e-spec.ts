import { Client } from 'pg';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { SmtpEmailAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { eventually, isProblemNaming } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

const TENANT = 'survey-a';

/**
 * The satisfaction survey after a call that reached the debtor, through the REST API: the
 * tenant turns it on, a right-party completion asks for it, the scheduler sends it by
 * e-mail (the SMTP adapter, to a real SMTP server on 127.0.0.1) when the contact rules
 * allow, and the debtor answers once by the link's token. The clock starts on Monday
 * 2026-03-02 12:00 UTC (09:00 in São Paulo).
 */
describe('the satisfaction survey after a call (contacts REST)', () => {
  let smtp: LocalSmtpServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let db: Client;
  let boss: string;
  let sequence = 0;
  const key = (): string => `surveys-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    kit = await startContactsWithDebtors('contacts_surveys', () => ({
      senders: { email: new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from: '"Financeira Exemplo" <atendimento@financeira.example>', timeoutMs: 5_000 }) },
      webhooks: { publicBaseUrl: 'https://cobranca.financeira.example' },
    }));
    db = new Client(kit.database.config);
    await db.connect();
    boss = await kit.token(TENANT, 'supervisor', 'integrator');
    expect((await kit.call('PUT', '/creditor', { token: boss, body: { name: 'Financeira Exemplo S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' } })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await kit?.close();
    await smtp?.close();
  });

  /** A debtor with one e-mail (consent as given) and a debt, a call task for it taken by the agent. */
  const callTo = async (email: string, consent: 'granted' | 'not_granted', agentToken: string): Promise<{ taskId: string; debtId: string }> => {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: boss,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Joana Prado', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: email, consent }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: boss,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `SV-${sequence}`, originalAmount: { amount: 20_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect([debtor.status, debt.status]).toEqual([201, 201]);
    const debtId: string = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token: boss })).status).toBe(200));
    const created = await kit.call('POST', '/call-tasks', { token: boss, idempotencyKey: key(), body: { debtId, queue: 'surveys' } });
    const taken = await kit.call('POST', '/call-queues/surveys/next', { token: agentToken, idempotencyKey: key() });
    expect(taken.body.taskId).toBe(created.body.taskId);
    return { taskId: created.body.taskId, debtId };
  };
  const complete = (taskId: string, token: string, outcome: string) =>
    kit.call('POST', `/call-tasks/${taskId}/completion`, { token, idempotencyKey: key(), body: { outcome, stepsDone: ['identificar', 'credor'] } });
  const surveyEvents = async (taskId: string) =>
    (await db.query<{ event_type: string; data: any }>("SELECT event_type, data FROM es_events WHERE event_type LIKE 'SatisfactionSurvey%' AND data->>'taskId' = $1 ORDER BY position", [taskId])).rows;
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.rcptTo.some((r) => r.address === address));
  const tokenIn = (text: string | undefined): string => /\/surveys\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1] ?? '';
  const answer = (token: string, body: unknown) => kit.call('POST', `/surveys/${token}/answer`, { body });

  it('is off until a supervisor turns it on, by sms or email; agents may not', async () => {
    expect((await kit.call('GET', '/survey-settings', { token: boss })).body).toEqual({ enabled: false, channel: 'sms' });
    const agent = await kit.tokenAs('agent:ana', TENANT, 'agent');
    expect((await kit.call('PUT', '/survey-settings', { token: agent, body: { enabled: true, channel: 'email' } })).status).toBe(403);
    expect(isProblemNaming(await kit.call('PUT', '/survey-settings', { token: boss, body: { enabled: true, channel: 'pigeon' } }), 'channel')).toBe(true);
    // off: a right-party call asks for no survey
    const { taskId } = await callTo('off@example.com', 'granted', agent);
    expect((await complete(taskId, agent, 'right-party-contact')).status).toBe(200);
    expect(await surveyEvents(taskId)).toEqual([]);
    const on = await kit.call('PUT', '/survey-settings', { token: boss, body: { enabled: true, channel: 'email' } });
    expect(on.body).toEqual({ enabled: true, channel: 'email' });
  });

  it('sends one survey after a right-party call, with a one-time link; the answer is recorded once (a second: 409)', async () => {
    await kit.call('PUT', '/survey-settings', { token: boss, body: { enabled: true, channel: 'email' } });
    const agent = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const { taskId, debtId } = await callTo('joana@example.com', 'granted', agent);
    expect((await complete(taskId, agent, 'right-party-contact')).status).toBe(200);
    await kit.service.contacts.scheduler.runDue();
    await kit.service.contacts.scheduler.runDue();
    await eventually(async () => expect(mailsTo('joana@example.com')).toHaveLength(1));
    const mails = mailsTo('joana@example.com');
    expect(mails[0]!.mail.text).toMatch(/Financeira Exemplo S\.A\.: como você avalia o atendimento .* de 1 \(ruim\) a 5 \(ótimo\) em https:\/\/cobranca\.financeira\.example\/surveys\//);
    const token = tokenIn(mails[0]!.mail.text);
    expect(token).toHaveLength(43);
    const sent = await surveyEvents(taskId);
    expect(sent.map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested', 'SatisfactionSurveySent']);
    expect(sent[1]!.data).toMatchObject({ taskId, debtId, agent: 'agent:ana', channel: 'email', sentAt: '2026-03-02T12:00:00.000Z' });
    // the token is never stored
    expect(JSON.stringify((await db.query('SELECT * FROM contacts_surveys')).rows)).not.toContain(token);

    for (const score of [0, 6, 3.5, '5', null]) expect(isProblemNaming(await answer(token, { score }), 'score')).toBe(true);
    const answered = await answer(token, { score: 4 });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ score: 4 });
    const again = await answer(token, { score: 5 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SURVEY_ALREADY_ANSWERED');
    const events = await surveyEvents(taskId);
    expect(events.map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested', 'SatisfactionSurveySent', 'SatisfactionSurveyAnswered']);
    expect(events[2]!.data).toMatchObject({ taskId, debtId, agent: 'agent:ana', channel: 'email', score: 4 });
    // a token no survey has, or one that is not a token
    expect((await answer('A'.repeat(43), { score: 3 })).status).toBe(404);
    expect((await answer('not-a-token', { score: 3 })).status).toBe(404);
  });

  it('asks for no survey after a call that did not reach the debtor; asks after a promise to pay', async () => {
    const agent = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const { taskId } = await callTo('ninguem@example.com', 'granted', agent);
    expect((await complete(taskId, agent, 'no-answer')).status).toBe(200);
    expect(await surveyEvents(taskId)).toEqual([]);
    const promised = await callTo('promessa@example.com', 'granted', agent);
    const reply = await kit.call('POST', `/call-tasks/${promised.taskId}/completion`, {
      token: agent,
      idempotencyKey: key(),
      body: { outcome: 'promise-to-pay', stepsDone: ['identificar', 'credor', 'debito', 'oferta'], promise: { amount: { amount: 10_000, currency: 'BRL' }, dueOn: '2026-03-10' } },
    });
    expect(reply.status).toBe(200);
    expect((await surveyEvents(promised.taskId)).map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested']);
  });

  it('does not send to an address without consent: recorded as not sent, with the rule', async () => {
    const agent = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const { taskId } = await callTo('semconsentimento@example.com', 'not_granted', agent);
    expect((await complete(taskId, agent, 'right-party-contact')).status).toBe(200);
    await kit.service.contacts.scheduler.runDue();
    expect(mailsTo('semconsentimento@example.com')).toHaveLength(0);
    const events = await surveyEvents(taskId);
    expect(events.map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested', 'SatisfactionSurveyNotSent']);
    expect(events[1]!.data.rule.code).toBe('NO_CONSENT');
  });

  it('waits for the contact hours of the debtor\'s place before sending', async () => {
    const agent = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const { taskId } = await callTo('noite@example.com', 'granted', agent);
    // Monday 19:59 in São Paulo: the call ends, the survey would go out at 20:00 or later
    kit.clock.set('2026-03-02T22:59:00.000Z');
    try {
      expect((await complete(taskId, agent, 'right-party-contact')).status).toBe(200);
      kit.clock.set('2026-03-02T23:30:00.000Z');
      await kit.service.contacts.scheduler.runDue();
      expect(mailsTo('noite@example.com')).toHaveLength(0);
      expect((await surveyEvents(taskId)).map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested']);
      // Tuesday 08:00 there
      kit.clock.set('2026-03-03T11:00:00.000Z');
      await kit.service.contacts.scheduler.runDue();
      await eventually(async () => expect(mailsTo('noite@example.com')).toHaveLength(1));
      expect((await surveyEvents(taskId)).map((e) => e.event_type)).toEqual(['SatisfactionSurveyRequested', 'SatisfactionSurveySent']);
    } finally {
      kit.clock.set('2026-03-02T12:00:00.000Z');
    }
  });
});
