/**
 * Work queue benchmark: `npm run bench:work-queue [-- --agents 200 --tasks 100000]`.
 * The contacts service on a fresh PostgreSQL database (its pool of 10 connections). One
 * queue is filled with N call tasks through the create use case (16 writers at once, each
 * task its own idempotent request and transaction: the write path a supervisor's POST
 * takes, without HTTP), for one debt the service is told of by a row (the debtors
 * context's registration is not what is measured). Then A agents, each its own subject,
 * take-next and complete in a loop through the use cases until the queue answers none:
 * tasks/s, take-next latency p50/p99. Checked at the end, from the streams: each task
 * taken once and completed once, by one agent, none left. Baseline in the same run: a
 * plain table of N rows, the bare `SELECT ... FOR UPDATE SKIP LOCKED` + `UPDATE` take and
 * an `UPDATE` completion, A concurrent loops over a pool of 10 connections.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { JwtVerifier, devAuthConfig, loadOrCreateDevKey, type Principal } from '@collections/shared-auth';
import { TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { HttpDebtorDirectory, parseCompleteCallTaskRequest, parseCreateCallTaskRequest, startContactsService } from '@collections/contacts-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-queue';
const QUEUE = 'bench';

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const agents = positiveIntegerOption(process.argv, 'agents', 40);
  const tasks = positiveIntegerOption(process.argv, 'tasks', 2_000);
  const database = await createTestDatabase('bench_work_queue');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-work-queue-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const clock = new TestClock('2026-03-03T13:00:00.000Z');
  const contacts = await startContactsService({
    database: database.config,
    verifier,
    masterKey: MasterKey.fromBase64(randomBytes(32).toString('base64')),
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    log: () => undefined,
    directory: new HttpDebtorDirectory({ baseUrl: 'http://127.0.0.1:9', token: () => Promise.resolve('unused') }),
    scheduler: false,
  });
  const baselinePool = new Pool({ ...database.config, max: 10 });
  try {
    process.stdout.write(`work queue benchmark: ${os.cpus().length} cores, Node ${process.version}; ${tasks.toLocaleString('en')} tasks, ${agents} agents\n`);
    const tenantId = TenantId.parse(TENANT);
    const debtId = randomUUID();
    await contacts.store.driver.query("INSERT INTO contacts_debts (tenant_id, debt_id, debtor_id, segment, contract_reference) VALUES ($1, $2, $3, 'default', 'BENCH-1')", [TENANT, debtId, randomUUID()]);
    const supervisor: Principal = { subject: 'bench-supervisor', tenantId, roles: ['supervisor'] };

    // fill: each task a request of its own, 16 at once
    const fillStarted = Date.now();
    let nextToCreate = 0;
    const writer = async (): Promise<void> => {
      for (let i = nextToCreate++; i < tasks; i = nextToCreate++) {
        const created = await contacts.useCases.createCallTask.execute(
          { principal: supervisor, idempotencyKey: `bench-create-${i}` },
          parseCreateCallTaskRequest({ debtId, queue: QUEUE, priority: i % 10, reason: 'cadence', dueAt: '2026-03-03T12:00:00Z' }),
        );
        if (created.kind !== 'done') throw new Error(created.detail);
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    const fill = (Date.now() - fillStarted) / 1000;

    // the agents: take-next, complete, until none is due
    const latencies: number[] = [];
    let failures = 0;
    const agent = async (n: number): Promise<number> => {
      const principal: Principal = { subject: `agent:${n}`, tenantId, roles: ['agent'] };
      let done = 0;
      for (let round = 0; ; round++) {
        const started = performance.now();
        const taken = await contacts.useCases.takeNextCallTask.execute({ principal, idempotencyKey: `bench-next-${n}-${round}` }, QUEUE);
        latencies.push(performance.now() - started);
        if (taken.kind !== 'done') throw new Error(taken.detail);
        const task = taken.value.task;
        if (!task) return done;
        const completed = await contacts.useCases.completeCallTask.execute(
          { principal, idempotencyKey: `bench-complete-${n}-${round}` },
          parseCompleteCallTaskRequest(task.taskId, { outcome: 'right-party-contact', stepsDone: ['identificar'] }),
        );
        if (completed.kind !== 'done') failures += 1;
        done += 1;
      }
    };
    const runStarted = Date.now();
    const perAgent = await Promise.all(Array.from({ length: agents }, (_, n) => agent(n)));
    const run = (Date.now() - runStarted) / 1000;
    const completedByAgents = perAgent.reduce((a, b) => a + b, 0);

    const [check] = await contacts.store.driver.query<{ streams: string; bad: string; left: string }>(
      `SELECT count(*) AS streams,
              count(*) FILTER (WHERE taken <> 1 OR completed <> 1 OR agents <> 1) AS bad,
              (SELECT count(*) FROM contacts_call_tasks WHERE tenant_id = $1 AND state <> 'completed') AS left
         FROM (SELECT stream_id,
                      count(*) FILTER (WHERE event_type = 'CallTaskTaken') AS taken,
                      count(*) FILTER (WHERE event_type = 'CallTaskCompleted') AS completed,
                      count(DISTINCT data->>'agent') FILTER (WHERE event_type IN ('CallTaskTaken', 'CallTaskCompleted')) AS agents
                 FROM es_events WHERE tenant_id = $1 AND stream_category = 'calltask' GROUP BY stream_id) per_task`,
      [TENANT],
    );
    const ok = Number(check?.streams) === tasks && Number(check?.bad) === 0 && Number(check?.left) === 0 && completedByAgents === tasks && failures === 0;

    // baseline: the bare SKIP LOCKED loop on a plain table of the same size
    await baselinePool.query(`CREATE TABLE bench_plain_queue (id bigint PRIMARY KEY, priority integer NOT NULL, due_at timestamptz NOT NULL, state text NOT NULL, holder text);
      CREATE INDEX bench_plain_queue_next ON bench_plain_queue (priority DESC, due_at, id) WHERE state = 'queued';`);
    await baselinePool.query("INSERT INTO bench_plain_queue SELECT i, i % 10, '2026-03-03T12:00:00Z', 'queued', NULL FROM generate_series(1, $1) AS i", [tasks]);
    await baselinePool.query('ANALYZE bench_plain_queue');
    const baselineLatencies: number[] = [];
    const plainAgent = async (n: number): Promise<number> => {
      let done = 0;
      for (;;) {
        const started = performance.now();
        const client = await baselinePool.connect();
        let id: string | undefined;
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ id: string }>("SELECT id FROM bench_plain_queue WHERE state = 'queued' AND due_at <= $1 ORDER BY priority DESC, due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED", [clock.now().toISOString()]);
          id = rows[0]?.id;
          if (id) await client.query("UPDATE bench_plain_queue SET state = 'held', holder = $2 WHERE id = $1", [id, `agent:${n}`]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        baselineLatencies.push(performance.now() - started);
        if (!id) return done;
        await baselinePool.query("UPDATE bench_plain_queue SET state = 'completed' WHERE id = $1 AND holder = $2", [id, `agent:${n}`]);
        done += 1;
      }
    };
    const baselineStarted = Date.now();
    const baselineDone = (await Promise.all(Array.from({ length: agents }, (_, n) => plainAgent(n)))).reduce((a, b) => a + b, 0);
    const baseline = (Date.now() - baselineStarted) / 1000;

    latencies.sort((a, b) => a - b);
    baselineLatencies.sort((a, b) => a - b);
    const rate = tasks / run;
    const baselineRate = baselineDone / baseline;
    printTable([
      ['measure', 'time', 'rate', 'take-next p50', 'p99', 'note'],
      ['fill: create use case, 16 writers (setup)', `${fill.toFixed(1)} s`, `${Math.round(tasks / fill)} tasks/s`, '', '', 'idempotent request, events and queue row in one transaction'],
      ['baseline: bare SKIP LOCKED + UPDATE on a plain table', `${baseline.toFixed(1)} s`, `${Math.round(baselineRate)} tasks/s`, `${percentile(baselineLatencies, 50).toFixed(1)} ms`, `${percentile(baselineLatencies, 99).toFixed(1)} ms`, `${baselineDone} taken and completed`],
      [
        'agents: take-next + complete (use cases)',
        `${run.toFixed(1)} s`,
        `${Math.round(rate)} tasks/s`,
        `${percentile(latencies, 50).toFixed(1)} ms`,
        `${percentile(latencies, 99).toFixed(1)} ms`,
        `${((rate / baselineRate) * 100).toFixed(0)}% of the baseline`,
      ],
    ]);
    process.stdout.write(
      `check: ${check?.streams} task streams, ${check?.bad} not taken-and-completed exactly once by one agent, ${check?.left} left in the queue, ${completedByAgents} completions counted by the agents, ${failures} refused: ${ok ? 'OK' : 'FAILED'}\n`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await baselinePool.end();
    await contacts.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
