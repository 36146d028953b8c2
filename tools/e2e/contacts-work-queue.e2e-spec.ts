import { Client } from 'pg';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { eventually, hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

const TENANT = 'queue-a';
const OTHER = 'queue-b';

/**
 * The agents' work queue through the REST API, on a fresh database: take and complete, a
 * held task no one else completes, a lease that runs out, 40 agents at once over 400
 * tasks (each completed exactly once), hostile input on every new route.
 */
describe('the agent work queue (contacts REST)', () => {
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let db: Client;
  let supervisor: string;
  let debtId: string;
  let sequence = 0;
  const key = (): string => `work-queue-${process.pid}-${++sequence}`;
  const agent = (name: string, tenant = TENANT): Promise<string> => kit.tokenAs(`agent:${name}`, tenant, 'agent');

  beforeAll(async () => {
    kit = await startContactsWithDebtors('contacts_work_queue', () => ({}));
    db = new Client(kit.database.config);
    await db.connect();
    supervisor = await kit.token(TENANT, 'supervisor', 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: supervisor,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'phone', value: '+5511987654321', consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: supervisor,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'Q-1', originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    debtId = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).status).toBe(200));
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await kit?.close();
  });

  const create = async (queue: string, body: Record<string, unknown> = {}): Promise<string> => {
    const created = await kit.call('POST', '/call-tasks', { token: supervisor, idempotencyKey: key(), body: { debtId, queue, priority: 0, reason: 'manual', ...body } });
    expect(created.status).toBe(201);
    return created.body.taskId as string;
  };
  const next = async (queue: string, token: string) => kit.call('POST', `/call-queues/${queue}/next`, { token, idempotencyKey: key() });
  // the default script's identification step: the right party was identified before anything was said
  const complete = async (taskId: string, token: string, outcome = 'no-answer') => kit.call('POST', `/call-tasks/${taskId}/completion`, { token, idempotencyKey: key(), body: { outcome, stepsDone: ['identificar'] } });
  const eventTypes = async (taskId: string): Promise<string[]> =>
    (await db.query<{ event_type: string }>('SELECT event_type FROM es_events WHERE stream_id = $1 ORDER BY stream_version', [`calltask-${taskId}`])).rows.map((r) => r.event_type);

  it('hands the highest priority due task to the agent, who completes it with an outcome; then the queue is empty (204)', async () => {
    const low = await create('flow', { priority: 1 });
    const high = await create('flow', { priority: 9 });
    const later = await create('flow', { priority: 100, dueAt: '2026-03-03T12:00:00Z' });
    const bia = await agent('bia');
    const first = await next('flow', bia);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ taskId: high, debtId, status: 'held', holder: 'agent:bia', leaseUntil: '2026-03-02T12:15:00.000Z' });
    const done = await complete(high, bia, 'right-party-contact');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ taskId: high, status: 'completed' });
    expect((await next('flow', bia)).body.taskId).toBe(low);
    expect((await complete(low, bia)).status).toBe(200);
    // the one left is not due yet
    expect((await next('flow', bia)).status).toBe(204);
    const view = await kit.call('GET', '/call-queues/flow', { token: supervisor });
    // the later task, and the follow-up the default table queued for the unanswered call (in 4 hours)
    expect(view.body).toMatchObject({ queue: 'flow', size: 2, due: 0, held: 0 });
    expect(await eventTypes(high)).toEqual(['CallTaskQueued', 'CallTaskTaken', 'CallTaskCompleted']);
    expect(await eventTypes(later)).toEqual(['CallTaskQueued']);
  });

  it('refuses completion by an agent who does not hold the task (4xx naming the rule), and completing twice', async () => {
    const taskId = await create('held');
    const bia = await agent('bia');
    const caio = await agent('caio');
    expect((await next('held', bia)).body.taskId).toBe(taskId);
    const other = await complete(taskId, caio);
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).toContain('CALL_TASK_NOT_HOLDER');
    expect((await next('held', caio)).status).toBe(204);
    expect((await complete(taskId, bia)).status).toBe(200);
    const twice = await complete(taskId, bia);
    expect(JSON.stringify(twice.body)).toContain('CALL_TASK_COMPLETED');
    const view = await kit.call('GET', '/call-queues/held', { token: supervisor });
    // only the unanswered call's follow-up, once (the second completion changed nothing)
    expect(view.body).toMatchObject({ size: 1, due: 0, held: 0 });
  });

  it('lets another agent take a task whose lease ran out; the former holder can no longer complete it', async () => {
    const taskId = await create('lease');
    const bia = await agent('bia');
    const caio = await agent('caio');
    expect((await next('lease', bia)).body.taskId).toBe(taskId);
    expect((await kit.call('GET', '/call-queues/lease', { token: supervisor })).body).toMatchObject({ size: 1, held: 1, due: 0 });
    kit.clock.advance({ minutes: 16 });
    expect((await kit.call('GET', '/call-queues/lease', { token: supervisor })).body).toMatchObject({ held: 0, due: 1, oldestDueAgeSeconds: 16 * 60 });
    const taken = await next('lease', caio);
    expect(taken.body).toMatchObject({ taskId, holder: 'agent:caio' });
    expect(JSON.stringify((await complete(taskId, bia)).body)).toContain('CALL_TASK_NOT_HOLDER');
    expect((await complete(taskId, caio)).status).toBe(200);
    expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskTaken', 'CallTaskLeaseExpired', 'CallTaskTaken', 'CallTaskCompleted']);
  });

  it('gives a task to the agent a supervisor names, who alone may complete it', async () => {
    const taskId = await create('assign');
    const assigned = await kit.call('POST', `/call-tasks/${taskId}/assignment`, { token: supervisor, idempotencyKey: key(), body: { agent: 'agent:dani' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ holder: 'agent:dani', status: 'held' });
    expect(JSON.stringify((await complete(taskId, await agent('bia'))).body)).toContain('CALL_TASK_NOT_HOLDER');
    expect((await complete(taskId, await agent('dani'))).status).toBe(200);
    // an agent may not assign, a supervisor may not take calls
    expect((await kit.call('POST', `/call-tasks/${taskId}/assignment`, { token: await agent('bia'), idempotencyKey: key(), body: { agent: 'agent:bia' } })).status).toBe(403);
    expect((await next('assign', supervisor)).status).toBe(403);
  });

  it("queues a cadence's voice step as a call task in the tenant's default queue, in the transaction that records CallTaskCreated", async () => {
    const tenant = 'queue-voice';
    const boss = await kit.token(tenant, 'supervisor', 'integrator');
    const cadence = await kit.call('POST', '/cadences', { token: boss, idempotencyKey: key(), body: { name: 'Ligação', steps: [{ stepId: 'd1-call', offsetDays: 1, channel: 'voice' }] } });
    expect(cadence.status).toBe(201);
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: boss,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Rui Souza', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'phone', value: '+5511912345678', consent: 'granted' }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: boss,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'V-1', originalAmount: { amount: 20_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    const voiceDebt: string = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${voiceDebt}/contacts`, { token: boss })).body.status).toBe('running'));
    await kit.service.contacts.scheduler.runDue();
    const { rows } = await db.query<{ task_id: string }>("SELECT data->>'taskId' AS task_id FROM es_events WHERE stream_id = $1 AND event_type = 'CallTaskCreated'", [`dunning-${voiceDebt}`]);
    expect(rows).toHaveLength(1);
    const taken = await next('default', await agent('eva', tenant));
    expect(taken.body).toMatchObject({ taskId: rows[0]!.task_id, debtId: voiceDebt, reason: 'cadence', holder: 'agent:eva' });
  });

  it("keeps a completion's notes only encrypted under the debtor's key, unreadable and refused after the debtor's erasure", async () => {
    const admin = await kit.token(TENANT, 'admin', 'supervisor', 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', { token: admin, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Lia Prado', state: 'SP', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: admin,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'N-1', originalAmount: { amount: 5_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    const noteDebt: string = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${noteDebt}/contacts`, { token: admin })).status).toBe(200));
    const first = await create('notes', { debtId: noteDebt });
    const second = await create('notes', { debtId: noteDebt });
    const bia = await agent('bia');
    expect((await next('notes', bia)).body.taskId).toBe(first);
    const notes = 'Disse que recebe o salário dia 10 e paga então.';
    const completed = await kit.call('POST', `/call-tasks/${first}/completion`, { token: bia, idempotencyKey: key(), body: { outcome: 'right-party-contact', notes, stepsDone: ['identificar', 'credor'] } });
    expect(completed.status).toBe(200);
    // read back by its agent and by a supervisor, in clear; not by an agent who never held it
    for (const token of [bia, admin, await kit.token(TENANT, 'auditor')]) {
      const read = await kit.call('GET', `/call-tasks/${first}`, { token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ taskId: first, debtId: noteDebt, status: 'completed', holder: 'agent:bia', outcome: 'right-party-contact', stepsDone: ['identificar', 'credor'], notes, notesErased: false, recordingRef: null });
    }
    const stranger = await kit.call('GET', `/call-tasks/${first}`, { token: await agent('caio') });
    expect(stranger.status).toBe(403);
    expect(JSON.stringify(stranger.body)).not.toContain('salário');
    const stored = (await db.query<{ data: { notes: string } }>("SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'CallTaskCompleted'", [`calltask-${first}`])).rows[0]!.data;
    expect(stored.notes).toMatch(/^pii:v1:/);
    expect(JSON.stringify(stored)).not.toContain('salário');
    const decrypt = () => kit.service.contacts.running.cipher.decrypt(debtor.body.debtorId, stored.notes);
    expect(await decrypt()).toBe(notes);

    expect((await kit.debtorsCall('POST', `/debtors/${debtor.body.debtorId}/erasure`, { token: admin, idempotencyKey: key() })).status).toBe(200);
    await eventually(async () => expect((await kit.call('GET', `/debts/${noteDebt}/contacts`, { token: admin })).body.status).toBe('stopped'));
    expect(await decrypt()).toEqual({ erased: true });
    const erased = await kit.call('GET', `/call-tasks/${first}`, { token: bia });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ outcome: 'right-party-contact', notes: null, notesErased: true });
    expect((await next('notes', bia)).body.taskId).toBe(second);
    const refused = await kit.call('POST', `/call-tasks/${second}/completion`, { token: bia, idempotencyKey: key(), body: { outcome: 'no-answer', notes: 'caixa postal' } });
    expect(isProblemNaming(refused, 'notes')).toBe(true);
    expect((await complete(second, bia)).status).toBe(200);
  });

  it('hands each of 400 tasks to exactly one of 40 concurrent agents: each completed once, none left, none twice', async () => {
    const TASKS = 400;
    const AGENTS = 40;
    const created: string[] = [];
    for (let batch = 0; batch < TASKS / 20; batch += 1) {
      created.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => create('race', { priority: (batch * 20 + i) % 7 })))));
    }
    const completedBy = new Map<string, string[]>();
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: AGENTS }, async (_, n) => {
        const name = `agent:${n}`;
        const token = await kit.tokenAs(name, TENANT, 'agent');
        for (;;) {
          const taken = await next('race', token);
          if (taken.status === 204) return;
          if (taken.status !== 200) {
            failures.push(`next: ${taken.status} ${JSON.stringify(taken.body)}`);
            return;
          }
          const done = await complete(taken.body.taskId, token, 'right-party-contact');
          if (done.status !== 200) failures.push(`complete ${taken.body.taskId}: ${done.status} ${JSON.stringify(done.body)}`);
          completedBy.set(taken.body.taskId, [...(completedBy.get(taken.body.taskId) ?? []), name]);
        }
      }),
    );
    expect(failures).toEqual([]);
    expect([...completedBy.keys()].sort()).toEqual([...created].sort());
    expect([...completedBy.values()].filter((agents) => agents.length !== 1)).toEqual([]);
    // the streams say the same: one take and one completion each, by the same agent
    const { rows } = await db.query<{ stream_id: string; taken: string; completed: string; agents: string }>(
      `SELECT stream_id, count(*) FILTER (WHERE event_type = 'CallTaskTaken') AS taken, count(*) FILTER (WHERE event_type = 'CallTaskCompleted') AS completed,
              count(DISTINCT data->>'agent') FILTER (WHERE event_type IN ('CallTaskTaken', 'CallTaskCompleted')) AS agents
         FROM es_events WHERE stream_id = ANY($1) GROUP BY stream_id`,
      [created.map((id) => `calltask-${id}`)],
    );
    expect(rows).toHaveLength(TASKS);
    expect(rows.filter((r) => Number(r.taken) !== 1 || Number(r.completed) !== 1 || Number(r.agents) !== 1)).toEqual([]);
    expect((await kit.call('GET', '/call-queues/race', { token: supervisor })).body).toMatchObject({ size: 0 });
  }, 120_000);

  /** Another debt of Ana's (a debt holds one open promise at a time), tracked by contacts. */
  const anotherDebt = async (reference: string): Promise<string> => {
    const debtorId = (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: supervisor })).body.debtorId;
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: supervisor,
      idempotencyKey: key(),
      body: { debtorId, contractReference: reference, originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    await eventually(async () => expect((await kit.call('GET', `/debts/${debt.body.debtId}/contacts`, { token: supervisor })).status).toBe(200));
    return debt.body.debtId as string;
  };
  const promised = async (debt: string, promise: unknown, token: string) => {
    const taskId = await create('promises', { debtId: debt });
    expect((await next('promises', token)).body.taskId).toBe(taskId);
    return { taskId, reply: await kit.call('POST', `/call-tasks/${taskId}/completion`, { token, idempotencyKey: key(), body: { outcome: 'promise-to-pay', promise, stepsDone: ['identificar', 'credor', 'debito', 'oferta'] } }) };
  };
  const timelineOf = async (debt: string) => (await kit.call('GET', `/debts/${debt}/contacts`, { token: await kit.token(TENANT, 'supervisor', 'auditor') })).body;
  const followUps = async (debt: string): Promise<number> =>
    Number((await db.query("SELECT count(*) AS n FROM contacts_call_tasks WHERE tenant_id = $1 AND debt_id = $2 AND queue = 'default' AND priority = 10", [TENANT, debt])).rows[0].n);

  it('records a promise to pay with the call; unkept past its day and grace it breaks into exactly one follow-up call, across a restart', async () => {
    const debt = await anotherDebt('PROMISE-BROKEN');
    const { reply } = await promised(debt, { amount: { amount: 5_000, currency: 'BRL' }, dueOn: '2026-03-05' }, await agent('caio'));
    expect(reply.status).toBe(200);
    const made = await timelineOf(debt);
    expect(made.promise).toMatchObject({ amount: { amount: 5_000, currency: 'BRL' }, dueOn: '2026-03-05', paid: { amount: 0 } });
    expect(made.entries.map((e: { type: string }) => e.type)).toContain('PromiseToPayMade');

    // the 5th and its grace day (the 6th) pass in São Paulo: checked from 2026-03-07 00:00 there
    kit.clock.set('2026-03-07T02:59:00.000Z');
    await kit.service.contacts.scheduler.runDue();
    expect((await timelineOf(debt)).entries.map((e: { type: string }) => e.type)).not.toContain('PromiseToPayBroken');
    kit.clock.set('2026-03-07T03:01:00.000Z');
    await kit.service.contacts.scheduler.runDue();
    const broken = await timelineOf(debt);
    expect(broken.entries.filter((e: { type: string }) => e.type === 'PromiseToPayBroken')).toHaveLength(1);
    expect(broken.promise).toBeNull();
    expect(await followUps(debt)).toBe(1);

    await kit.restart();
    await kit.service.contacts.scheduler.runDue();
    expect(await followUps(debt)).toBe(1);
    expect((await timelineOf(debt)).entries.filter((e: { type: string }) => e.type === 'PromiseToPayBroken')).toHaveLength(1);
    kit.clock.set('2026-03-02T12:00:00.000Z');
  });

  it('keeps a promise when the debtors service records a payment dated within it: no follow-up call', async () => {
    const debt = await anotherDebt('PROMISE-KEPT');
    expect((await promised(debt, { amount: { amount: 5_000, currency: 'BRL' }, dueOn: '2026-03-05' }, await agent('caio'))).reply.status).toBe(200);
    const paid = await kit.debtorsCall('POST', `/debts/${debt}/payments`, { token: supervisor, idempotencyKey: key(), body: { paymentId: `pix-${key()}`, amount: { amount: 5_000, currency: 'BRL' }, paidOn: '2026-03-02' } });
    expect(paid.status).toBe(200);
    await eventually(async () => expect((await timelineOf(debt)).entries.map((e: { type: string }) => e.type)).toContain('PromiseToPayKept'));
    kit.clock.set('2026-03-08T12:00:00.000Z');
    await kit.service.contacts.scheduler.runDue();
    expect(await followUps(debt)).toBe(0);
    kit.clock.set('2026-03-02T12:00:00.000Z');
  });

  it('refuses a promise in the past, above the balance, or without its terms, naming the field, and changes nothing', async () => {
    const debt = await anotherDebt('PROMISE-BAD');
    const caio = await agent('caio');
    const cases: [unknown, string][] = [
      [{ amount: { amount: 5_000, currency: 'BRL' }, dueOn: '2026-03-01' }, 'promise.dueOn'],
      [{ amount: { amount: 99_000_000, currency: 'BRL' }, dueOn: '2026-03-05' }, 'promise.amount.amount'],
      [{ amount: { amount: 0, currency: 'BRL' }, dueOn: '2026-03-05' }, 'promise.amount.amount'],
      [undefined, 'promise'],
    ];
    for (const [promise, field] of cases) {
      const { taskId, reply } = await promised(debt, promise, caio);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskTaken']);
      expect((await complete(taskId, caio, 'no-answer')).status).toBe(200);
    }
    expect((await timelineOf(debt)).entries.map((e: { type: string }) => e.type)).not.toContain('PromiseToPayMade');
    const noPromise = await create('promises', { debtId: debt });
    await next('promises', caio);
    const stray = await kit.call('POST', `/call-tasks/${noPromise}/completion`, { token: caio, idempotencyKey: key(), body: { outcome: 'busy', promise: { amount: { amount: 1, currency: 'BRL' }, dueOn: '2026-03-05' } } });
    expect(isProblemNaming(stray, 'promise')).toBe(true);
  });

  it('queues the call back a debtor asked for, at an instant the contact hours of their state allow, and refuses one outside them naming the field', async () => {
    const caio = await agent('caio');
    const night = await create('callbacks');
    await next('callbacks', caio);
    // Monday 20:30 in São Paulo
    const refused = await kit.call('POST', `/call-tasks/${night}/completion`, { token: caio, idempotencyKey: key(), body: { outcome: 'callback-requested', callback: { at: '2026-03-02T23:30:00Z' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'callback.at', message: expect.stringMatching(/OUTSIDE_CONTACT_HOURS/) })]);
    expect(await eventTypes(night)).toEqual(['CallTaskQueued', 'CallTaskTaken']);
    // Tuesday 10:00 there
    const done = await kit.call('POST', `/call-tasks/${night}/completion`, { token: caio, idempotencyKey: key(), body: { outcome: 'callback-requested', callback: { at: '2026-03-03T13:00:00Z' } } });
    expect(done.status).toBe(200);
    const [callback] = (await db.query<{ task_id: string; due_at: Date; priority: number }>("SELECT task_id, due_at, priority FROM contacts_call_tasks WHERE tenant_id = $1 AND queue = 'callbacks' AND task_id <> $2", [TENANT, night])).rows;
    expect(callback).toMatchObject({ priority: 5 });
    expect(new Date(callback!.due_at).toISOString()).toBe('2026-03-03T13:00:00.000Z');
    expect(await eventTypes(callback!.task_id)).toEqual(['CallTaskQueued']);
  });

  it("queues the next call by the tenant's follow-up table: its minutes for an outcome, none where it says null", async () => {
    const caio = await agent('caio');
    const table = await kit.call('PUT', '/call-follow-ups', { token: supervisor, body: { rules: { busy: 30, 'no-answer': null } } });
    expect(table.status).toBe(200);
    expect(table.body).toMatchObject({ busy: 30, 'no-answer': null, voicemail: 1_440 });
    const busy = await create('follow-ups');
    await next('follow-ups', caio);
    expect((await complete(busy, caio, 'busy')).status).toBe(200);
    const unanswered = await create('follow-ups');
    await next('follow-ups', caio);
    expect((await complete(unanswered, caio, 'no-answer')).status).toBe(200);
    const rows = (await db.query<{ due_at: Date }>("SELECT due_at FROM contacts_call_tasks WHERE tenant_id = $1 AND queue = 'follow-ups' AND state = 'queued'", [TENANT])).rows;
    expect(rows.map((r) => new Date(r.due_at).toISOString())).toEqual(['2026-03-02T12:30:00.000Z']);
    const bad = await kit.call('PUT', '/call-follow-ups', { token: supervisor, body: { rules: { 'no-such-outcome': 10, busy: 0 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['rules.busy', 'rules.no-such-outcome']);
    expect((await kit.call('PUT', '/call-follow-ups', { token: caio, body: { rules: { busy: 5 } } })).status).toBe(403);
    await kit.call('PUT', '/call-follow-ups', { token: supervisor, body: { rules: { busy: 60, 'no-answer': 240 } } });
  });

  it('puts a hold on the cadence when the call reports a dispute, a death or a bankruptcy', async () => {
    const debt = await anotherDebt('CALL-HOLD');
    const caio = await agent('caio');
    const taskId = await create('promises', { debtId: debt });
    await next('promises', caio);
    expect((await kit.call('POST', `/call-tasks/${taskId}/completion`, { token: caio, idempotencyKey: key(), body: { outcome: 'deceased-reported' } })).status).toBe(200);
    const timeline = await timelineOf(debt);
    expect(timeline.holds).toEqual([{ holdId: `call-${taskId}`, kind: 'deceased' }]);
    expect(timeline.entries.map((e: { type: string }) => e.type)).toContain('CadencePaused');
  });

  it('does not offer a call outside the contact hours of the debtor\'s state: it is deferred to the next allowed instant, with the rule as evidence', async () => {
    const taskId = await create('night');
    const bia = await agent('bia');
    // Monday 2026-03-02 20:30 in São Paulo: past the hours collection calls are allowed
    kit.clock.set('2026-03-02T23:30:00.000Z');
    try {
      expect((await next('night', bia)).status).toBe(204);
      expect(await eventTypes(taskId)).toEqual(['CallTaskQueued', 'CallTaskDeferred']);
      const [deferral] = (await db.query<{ data: any }>("SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'CallTaskDeferred'", [`calltask-${taskId}`])).rows;
      expect(deferral!.data.rule.code).toBe('OUTSIDE_CONTACT_HOURS');
      const until = Date.parse(deferral!.data.until);
      expect(until).toBeGreaterThan(Date.parse('2026-03-03T10:59:00.000Z'));
      // once the rules allow it, the next agent to ask gets it
      kit.clock.set(new Date(until).toISOString());
      expect((await next('night', bia)).body.taskId).toBe(taskId);
    } finally {
      kit.clock.set('2026-03-02T12:00:00.000Z');
    }
  });

  /** A debtor and a debt of their own in another tenant, tracked by contacts. */
  const debtIn = async (tenant: string, reference: string): Promise<string> => {
    const boss = await kit.token(tenant, 'supervisor', 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: boss,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Rita Alves', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'phone', value: '+5511955554444', consent: 'granted' }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: boss,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: reference, originalAmount: { amount: 30_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    await eventually(async () => expect((await kit.call('GET', `/debts/${debt.body.debtId}/contacts`, { token: boss })).status).toBe(200));
    return debt.body.debtId as string;
  };

  it("serves the segment's call script with the task, and checks the steps done against the version served: identification before any disclosure", async () => {
    const tenant = 'queue-scripts';
    const boss = await kit.token(tenant, 'supervisor', 'integrator');
    const rita = await agent('rita', tenant);
    const script = (ids: [string, string, string]) => ({
      steps: [
        { id: ids[0], kind: 'identify-right-party', text: 'Falo com o titular? Confirme os três primeiros dígitos do CPF.' },
        { id: ids[1], kind: 'state-creditor', text: 'Falo em nome da Financeira Exemplo S.A., CNPJ 11.222.333/0001-81.' },
        { id: ids[2], kind: 'offer', text: 'Podemos registrar uma promessa de pagamento?' },
      ],
    });
    // until the tenant publishes one, the default script (version 0) is served
    const byDefault = await kit.call('GET', '/call-scripts/default', { token: boss });
    expect(byDefault.body).toMatchObject({ segment: 'default', version: 0, steps: [{ id: 'identificar', kind: 'identify-right-party' }, { kind: 'state-creditor' }, {}, {}, {}] });
    const v1 = await kit.call('PUT', '/call-scripts/default', { token: boss, idempotencyKey: key(), body: script(['quem', 'credor', 'oferta']) });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ segment: 'default', version: 1 });
    // a script that discloses before identifying, or never names the creditor, is refused naming the field
    const unidentified = await kit.call('PUT', '/call-scripts/default', { token: boss, idempotencyKey: key(), body: { steps: [script(['a', 'b', 'c']).steps[1], script(['a', 'b', 'c']).steps[0]] } });
    expect(isProblemNaming(unidentified, 'steps[0].kind')).toBe(true);
    const noCreditor = await kit.call('PUT', '/call-scripts/default', { token: boss, idempotencyKey: key(), body: { steps: [script(['a', 'b', 'c']).steps[0]] } });
    expect(noCreditor.status).toBe(400);
    expect(noCreditor.body.errors).toEqual([expect.objectContaining({ field: 'steps', message: expect.stringMatching(/state-creditor/) })]);
    expect((await kit.call('PUT', '/call-scripts/default', { token: rita, idempotencyKey: key(), body: script(['a', 'b', 'c']) })).status).toBe(403);
    expect((await kit.call('GET', '/call-scripts/default', { token: rita })).status).toBe(403);

    const debt = await debtIn(tenant, 'S-1');
    const tasks: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await kit.call('POST', '/call-tasks', { token: boss, idempotencyKey: key(), body: { debtId: debt, queue: 'scripts' } });
      tasks.push(created.body.taskId);
    }
    const taken = await next('scripts', rita);
    expect(taken.body).toMatchObject({ taskId: tasks[0], script: { segment: 'default', version: 1, steps: [{ id: 'quem' }, { id: 'credor' }, { id: 'oferta' }] } });
    // a new version while the call goes on: the task keeps the version it was served
    expect((await kit.call('PUT', '/call-scripts/default', { token: boss, idempotencyKey: key(), body: script(['titular', 'empresa', 'proposta']) })).body.version).toBe(2);
    const completion = (body: Record<string, unknown>) => kit.call('POST', `/call-tasks/${tasks[0]}/completion`, { token: rita, idempotencyKey: key(), body });
    const unknown = await completion({ outcome: 'no-answer', stepsDone: ['titular'] });
    expect(isProblemNaming(unknown, 'stepsDone')).toBe(true);
    const disclosed = await completion({ outcome: 'right-party-contact', stepsDone: ['credor', 'oferta'] });
    expect(disclosed.status).toBe(422);
    expect(disclosed.body.code).toBe('DISCLOSURE_BEFORE_IDENTIFICATION');
    expect((await completion({ outcome: 'wrong-party', stepsDone: ['credor'] })).body.code).toBe('DISCLOSURE_BEFORE_IDENTIFICATION');
    expect(await eventTypes(tasks[0]!)).toEqual(['CallTaskQueued', 'CallTaskTaken']);
    expect((await completion({ outcome: 'right-party-contact', stepsDone: ['quem', 'credor'], recordingRef: 'gravacao-123' })).status).toBe(200);
    const read = await kit.call('GET', `/call-tasks/${tasks[0]}`, { token: rita });
    expect(read.body).toMatchObject({ stepsDone: ['quem', 'credor'], recordingRef: 'gravacao-123', script: { version: 1 }, notes: null, notesErased: false });
    const [completed] = (await db.query<{ data: any }>("SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'CallTaskCompleted'", [`calltask-${tasks[0]}`])).rows;
    expect(completed!.data).toMatchObject({ stepsDone: ['quem', 'credor'], scriptVersion: 1, recordingRef: 'gravacao-123' });
    // the next task is served version 2
    expect((await next('scripts', rita)).body.script).toMatchObject({ version: 2, steps: [{ id: 'titular' }, {}, {}] });
    const published = await db.query("SELECT data->>'version' AS version FROM es_events WHERE event_type = 'CallScriptPublished' AND tenant_id = $1 ORDER BY position", [tenant]);
    expect(published.rows.map((r) => r.version)).toEqual(['1', '2']);
  });

  it("answers hostile input and another tenant's task ids with a 4xx problem, never a 5xx", async () => {
    const taskId = await create('hostile');
    const bia = await agent('bia');
    const failures: string[] = [];
    const writes: [string, string, string, Record<string, unknown>][] = [
      ['POST', '/call-tasks', supervisor, { debtId, queue: 'hostile', priority: 3, reason: 'callback', dueAt: '2026-03-02T12:00:00Z' }],
      ['POST', `/call-tasks/${taskId}/completion`, bia, { outcome: 'busy', notes: 'ligar depois', stepsDone: ['identificar'], recordingRef: 'rec-1' }],
      ['POST', `/call-tasks/${taskId}/completion`, bia, { outcome: 'promise-to-pay', promise: { amount: { amount: 1_000, currency: 'BRL' }, dueOn: '2026-03-05' } }],
      ['POST', `/call-tasks/${taskId}/completion`, bia, { outcome: 'callback-requested', callback: { at: '2026-03-03T13:00:00Z' } }],
      ['PUT', '/call-follow-ups', supervisor, { rules: { busy: 60 } }],
      ['POST', `/call-tasks/${taskId}/assignment`, supervisor, { agent: 'agent:bia' }],
    ];
    for (const [method, url, token, valid] of writes) {
      for (const leaf of leaves(valid)) {
        for (const hostile of hostileValues(leaf.value)) {
          const response = await kit.call(method, url, { token, idempotencyKey: key(), rawBody: hostileBody(valid, leaf.path, hostile) });
          if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`${url} ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        }
      }
    }
    // task ids that are not ids; queue names that are not names (a queue is any tenant-chosen name, so "not-an-id" is one)
    for (const id of ['not-an-id', encodeURIComponent('\u0000'), '%ED%A0%80', '9007199254740993']) {
      for (const [url, token, body] of [
        [`/call-tasks/${id}/completion`, bia, { outcome: 'busy' }],
        [`/call-tasks/${id}/assignment`, supervisor, { agent: 'agent:bia' }],
      ] as const) {
        const response = await kit.call('POST', url, { token, idempotencyKey: key(), body });
        if (response.status < 400 || response.status >= 500) failures.push(`${url}: ${response.status}`);
      }
      const read = await kit.call('GET', `/call-tasks/${id}`, { token: supervisor });
      if (read.status < 400 || read.status >= 500) failures.push(`GET /call-tasks/${id}: ${read.status}`);
    }
    for (const queue of [encodeURIComponent('\u0000'), '%ED%A0%80', 'Fila%20Um', 'q'.repeat(64), '..']) {
      const taken = await kit.call('POST', `/call-queues/${queue}/next`, { token: bia, idempotencyKey: key() });
      if (taken.status < 400 || taken.status >= 500) failures.push(`POST /call-queues/${queue}/next: ${taken.status}`);
      const view = await kit.call('GET', `/call-queues/${queue}`, { token: supervisor });
      if (view.status < 400 || view.status >= 500) failures.push(`GET /call-queues/${queue}: ${view.status}`);
    }
    // another tenant: this task and this debt do not exist there, and its queue of the same name is its own
    const otherSupervisor = await kit.token(OTHER, 'supervisor', 'integrator');
    const otherAgent = await agent('bia', OTHER);
    const foreign: [string, string, string, unknown?][] = [
      ['POST', `/call-tasks/${taskId}/completion`, otherAgent, { outcome: 'busy' }],
      ['POST', `/call-tasks/${taskId}/assignment`, otherSupervisor, { agent: 'agent:x' }],
      ['GET', `/call-tasks/${taskId}`, otherSupervisor],
    ];
    for (const [method, url, token, body] of foreign) {
      const response = await kit.call(method, url, { token, idempotencyKey: key(), ...(body ? { body } : {}) });
      if (response.status !== 404 || JSON.stringify(response.body).includes(TENANT)) failures.push(`${url} from ${OTHER}: ${response.status}`);
    }
    const foreignDebt = await kit.call('POST', '/call-tasks', { token: otherSupervisor, idempotencyKey: key(), body: { debtId, queue: 'hostile' } });
    if (!isProblemNaming(foreignDebt, 'debtId')) failures.push(`POST /call-tasks with ${TENANT}'s debt: ${foreignDebt.status}`);
    if ((await next('hostile', otherAgent)).status !== 204) failures.push(`${OTHER} took from ${TENANT}'s queue`);
    expect(failures).toEqual([]);
    // still works afterwards
    expect((await next('hostile', bia)).body.taskId).toBe(taskId);
  }, 120_000);
});
