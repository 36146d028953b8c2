import type { StoreTransaction } from '@collections/shared-event-store';
import { callTaskDecider, type CallTaskEvent, type CallTaskState } from '@collections/contacts-domain';
import { isUuid, type IsoInstant } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import { plainCodec } from '../shared/contacts-writer';
import type { CallScriptView } from '../call-scripts/call-scripts';

declare const callTaskIdBrand: unique symbol;
/** A call task's id: a UUID minted by the service (or named after a cadence's voice step), lower case. */
export type CallTaskId = string & { readonly [callTaskIdBrand]: true };

export const callTaskAggregate = { decider: callTaskDecider, codec: plainCodec<CallTaskEvent>() };
/** One call task's life; the category is the contacts context's own (see ids.ts). */
export const callTaskStream = (taskId: CallTaskId): string => `calltask-${taskId}`;

export const knownCallTaskId = (value: string): CallTaskId => {
  if (!isUuid(value)) throw new NotFoundProblem(`taskId ${value} is not a known id`);
  return value.toLowerCase() as CallTaskId;
};

/** A queue's name, chosen by the tenant: short, lower case, no spaces (it travels in a path). */
export const QUEUE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const knownQueueName = (value: string): string => {
  if (!QUEUE_NAME.test(value)) throw new NotFoundProblem(`queue ${value} is not a queue name`);
  return value;
};

/**
 * How long an agent holds a task it took (or was given): long enough for a call and its
 * notes, short enough that a closed browser does not strand a call for a shift.
 */
export const LEASE_MINUTES = 15;
export const leaseFrom = (now: Date): IsoInstant => new Date(now.getTime() + LEASE_MINUTES * 60_000).toISOString();

/** What the agent sees of a task: ids and facts, the debtor's data comes from the debtors API. */
export interface CallTaskView {
  readonly taskId: string;
  readonly debtId: string;
  readonly queue: string;
  readonly priority: number;
  readonly reason: string;
  readonly dueAt: IsoInstant;
  readonly status: 'queued' | 'held' | 'completed';
  readonly holder: string | null;
  readonly leaseUntil: IsoInstant | null;
  readonly version: number;
}

export function callTaskViewOf(state: CallTaskState, version: number): CallTaskView | undefined {
  if (state.status === 'none') return undefined;
  const { taskId, debtId, queue, priority, reason, dueAt, status, holder, leaseUntil } = state;
  return { taskId, debtId, queue, priority, reason, dueAt, status, holder, leaseUntil, version };
}

/**
 * The queue's row of a task: written in the transaction that appends the task's events,
 * so the index never says other than the stream (the stream decides, the row finds).
 */
export async function writeQueueRow(tx: StoreTransaction, tenantId: string, view: CallTaskView): Promise<void> {
  await tx.query(
    `INSERT INTO contacts_call_tasks (tenant_id, task_id, debt_id, queue, priority, due_at, state, holder, lease_until, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, task_id) DO UPDATE SET due_at = EXCLUDED.due_at, state = EXCLUDED.state, holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, version = EXCLUDED.version`,
    [tenantId, view.taskId, view.debtId, view.queue, view.priority, view.dueAt, view.status, view.holder, view.leaseUntil, view.version],
  );
}

/**
 * Locks a task's row (waits for a take-next holding it): the stream is then written by one
 * transaction at a time. The task's debtor (whose key encrypts the call's notes), or
 * undefined when this tenant has no such task.
 */
export async function lockQueueRow(tx: StoreTransaction, tenantId: string, taskId: CallTaskId): Promise<{ readonly debtId: string; readonly debtorId: string } | undefined> {
  const [row] = await tx.query<{ debt_id: string; debtor_id: string }>(
    `SELECT t.debt_id, d.debtor_id FROM contacts_call_tasks t JOIN contacts_debts d ON d.tenant_id = t.tenant_id AND d.debt_id = t.debt_id
      WHERE t.tenant_id = $1 AND t.task_id = $2 FOR UPDATE OF t`,
    [tenantId, taskId],
  );
  return row ? { debtId: row.debt_id, debtorId: row.debtor_id } : undefined;
}

/** The debt a call task is about, read without a lock (to ask another service before the transaction). */
export async function debtOfTask(driver: Pick<StoreTransaction, 'query'>, tenantId: string, taskId: CallTaskId): Promise<string | undefined> {
  const [row] = await driver.query<{ debt_id: string }>('SELECT debt_id FROM contacts_call_tasks WHERE tenant_id = $1 AND task_id = $2', [tenantId, taskId]);
  return row?.debt_id;
}

/**
 * The next task of a queue for an agent, locked: the highest priority, then the oldest
 * due, among those queued or whose holder's lease ran out. SKIP LOCKED: agents asking at
 * once each get a different row instead of queuing behind the first one's transaction.
 */
export async function lockNextInQueue(tx: StoreTransaction, tenantId: string, queue: string, now: IsoInstant): Promise<CallTaskId | undefined> {
  const [row] = await tx.query<{ task_id: string }>(
    `SELECT task_id FROM contacts_call_tasks
     WHERE tenant_id = $1 AND queue = $2 AND due_at <= $3
       AND (state = 'queued' OR (state = 'held' AND lease_until <= $3))
     ORDER BY priority DESC, due_at, task_id
     LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [tenantId, queue, now],
  );
  return row ? (row.task_id as CallTaskId) : undefined;
}

/** The agent's answer to take-next: the task now held, or none due in the queue. */
export interface TakenCallTask {
  /** The task now held, with the call script the agent follows. */
  readonly task: (CallTaskView & { readonly script: CallScriptView }) | null;
}
