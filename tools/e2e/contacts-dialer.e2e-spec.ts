import { Client } from 'pg';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { HttpDialer } from '@collections/contacts-channels';
import { FakeDialerServer } from '@collections/contacts-channels-testing';
import { eventually, isProblemNaming } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

const TENANT = 'dialer-a';
const SECRET = 'dialer-webhook-secret-for-tests';

/**
 * Click-to-call through the dialer port: the HTTP adapter against a local fake dialer, which
 * reports the call back by the signed webhook. The clock starts on Monday 2026-03-02 12:00
 * UTC (09:00 in São Paulo).
 */
describe('the dialer port (contacts REST)', () => {
  let fake: FakeDialerServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let db: Client;
  let boss: string;
  let sequence = 0;
  const key = (): string => `dialer-${process.pid}-${++sequence}`;
  const webhook = () => `${kit.service.contacts.httpUrl}/webhooks/dialer`;

  beforeAll(async () => {
    fake = await FakeDialerServer.start(SECRET);
    kit = await startContactsWithDebtors('contacts_dialer', () => ({
      dialer: new HttpDialer({ baseUrl: fake.url, apiKey: 'dialer-key', timeoutMs: 2_000 }),
      webhooks: { dialerWebhookSecret: SECRET },
    }));
    db = new Client(kit.database.config);
    await db.connect();
    boss = await kit.token(TENANT, 'supervisor', 'integrator');
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await kit?.close();
    await fake?.close();
  });

  /** A debtor with the phones given, a debt, and a call task for it taken by the agent. */
  const heldTask = async (phones: { value: string; consent: 'granted' | 'not_granted' }[], agentToken: string): Promise<string> => {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: boss,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Paulo Neves', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: phones.map((p) => ({ kind: 'phone', ...p })) },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: boss,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `D-${sequence}`, originalAmount: { amount: 50_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect([debtor.status, debt.status]).toEqual([201, 201]);
    await eventually(async () => expect((await kit.call('GET', `/debts/${debt.body.debtId}/contacts`, { token: boss })).status).toBe(200));
    const created = await kit.call('POST', '/call-tasks', { token: boss, idempotencyKey: key(), body: { debtId: debt.body.debtId, queue: 'dial' } });
    expect((await kit.call('POST', '/call-queues/dial/next', { token: agentToken, idempotencyKey: key() })).body.taskId).toBe(created.body.taskId);
    return created.body.taskId as string;
  };
  const dial = (taskId: string, token: string, idempotencyKey = key()) => kit.call('POST', `/call-tasks/${taskId}/dial`, { token, idempotencyKey });
  const eventTypes = async (taskId: string): Promise<string[]> =>
    (await db.query<{ event_type: string }>('SELECT event_type FROM es_events WHERE stream_id = $1 ORDER BY stream_version', [`calltask-${taskId}`])).rows.map((r) => r.event_type);

  it("dials the debtor's phone with consent for the holder; the dialer's reports land on the task, and its recording is used on completion", async () => {
    const ana = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const taskId = await heldTask([{ value: '+5511911112222', consent: 'not_granted' }, { value: '+5511988887777', consent: 'granted' }], ana);
    const retryKey = key();
    const dialed = await dial(taskId, ana, retryKey);
    expect(dialed.status).toBe(201);
    expect(fake.dials).toHaveLength(1);
    expect(fake.dials[0]).toMatchObject({ authorization: 'Bearer dialer-key', body: { agent: 'agent:ana', to: '+5511988887777', tenant: TENANT }, callId: dialed.body.callId });
    // a retry of the same request rings once
    expect((await dial(taskId, ana, retryKey)).body.callId).toBe(dialed.body.callId);
    expect(fake.dials).toHaveLength(1);

    const callId: string = dialed.body.callId;
    expect((await fake.report(webhook(), { event: 'call.started', callId, at: '2026-03-02T12:00:05Z' })).status).toBe(200);
    expect((await fake.report(webhook(), { event: 'call.ended', callId, at: '2026-03-02T12:03:05Z', durationSeconds: 180, recordingRef: 'https://dialer.example/rec/abc' })).status).toBe(200);
    // a repeated report records nothing more
    expect((await fake.report(webhook(), { event: 'call.ended', callId, at: '2026-03-02T12:03:05Z', durationSeconds: 180, recordingRef: 'https://dialer.example/rec/abc' })).status).toBe(200);
    const read = await kit.call('GET', `/call-tasks/${taskId}`, { token: ana });
    expect(read.body.calls).toEqual([
      { callId, agent: 'agent:ana', dialedAt: '2026-03-02T12:00:00.000Z', startedAt: '2026-03-02T12:00:05.000Z', endedAt: '2026-03-02T12:03:05.000Z', durationSeconds: 180, recordingRef: 'https://dialer.example/rec/abc' },
    ]);
    const completed = await kit.call('POST', `/call-tasks/${taskId}/completion`, { token: ana, idempotencyKey: key(), body: { outcome: 'right-party-contact', stepsDone: ['identificar'] } });
    expect(completed.status).toBe(200);
    expect((await kit.call('GET', `/call-tasks/${taskId}`, { token: ana })).body.recordingRef).toBe('https://dialer.example/rec/abc');
    expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskTaken', 'CallDialed', 'CallStarted', 'CallEnded', 'CallTaskCompleted']);
  });

  it('refuses a dial by another agent, to a debtor without a phone that may be called, and records nothing', async () => {
    const ana = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const taskId = await heldTask([{ value: '+5511933334444', consent: 'granted' }], ana);
    const before = fake.dials.length;
    const other = await dial(taskId, await kit.tokenAs('agent:bruno', TENANT, 'agent'));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('CALL_TASK_NOT_HOLDER');
    expect((await dial(taskId, boss)).status).toBe(403);
    const noConsent = await heldTask([{ value: '+5511955556666', consent: 'not_granted' }], ana);
    const refused = await dial(noConsent, ana);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NO_CALLABLE_PHONE');
    expect(fake.dials.length).toBe(before);
    expect(await eventTypes(noConsent)).toEqual(['CallTaskQueued', 'CallTaskTaken']);
    // the dialer failing is the dialer's fault, not the request's: nothing recorded either
    fake.failNext(500);
    expect((await dial(taskId, ana)).status).toBe(503);
    expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskTaken']);
  });

  it('answers a report with a bad or missing signature 401, an unknown call 404, a malformed one 400 naming the field: nothing recorded', async () => {
    const ana = await kit.tokenAs('agent:ana', TENANT, 'agent');
    const taskId = await heldTask([{ value: '+5511977778888', consent: 'granted' }], ana);
    const callId: string = (await dial(taskId, ana)).body.callId;
    expect((await fake.report(webhook(), { event: 'call.started', callId, at: '2026-03-02T12:00:05Z' }, 'another-secret')).status).toBe(401);
    const unsigned = await fetch(webhook(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'call.started', callId, at: '2026-03-02T12:00:05Z' }) });
    expect(unsigned.status).toBe(401);
    expect((await fake.report(webhook(), { event: 'call.started', callId: 'call-nobody-dialled', at: '2026-03-02T12:00:05Z' })).status).toBe(404);
    const bad = await fake.report(webhook(), { event: 'call.ended', callId, at: '2026-03-02T12:00:05Z', durationSeconds: -1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('durationSeconds');
    for (const at of ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '2026-03-02T12:00:05Z\u0000']) {
      const response = await fake.report(webhook(), { event: 'call.started', callId, at });
      expect({ at, ok: isProblemNaming({ status: response.status, body: response.body, headers: new Headers({ 'content-type': 'application/problem+json' }) }, 'at') }).toEqual({ at, ok: true });
    }
    expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskTaken', 'CallDialed']);
  });
});
