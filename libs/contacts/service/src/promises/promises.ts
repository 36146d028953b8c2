import { epochDay, nameBasedUuid, type Clock, type IdGenerator, type IsoDate, type IsoInstant, type Money } from '@collections/shared-kernel';
import type { EventMetadata, SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { startOfLocalDay, type DebtContactCommand } from '@collections/contacts-domain';
import { callTaskAggregate, callTaskStream, callTaskViewOf, writeQueueRow, type CallTaskId } from '../call-tasks/call-task-queue';
import { dunningAggregate, setDeadline } from '../dunning/dunning-stream';
import type { ContactsWriter } from '../shared/contacts-writer';
import { dunningStream, type DebtId } from '../shared/ids';

/** Promises are kept by Brazil's calendar: a promise "for the 20th" has the whole 20th there. */
export const PROMISE_ZONE = 'America/Sao_Paulo';
/**
 * Days after a promise's day before it is checked: a boleto paid on the day reaches the
 * creditor's bank return file the next business day, and a promise kept on time must not
 * be found broken before its payment is known.
 */
export const PROMISE_GRACE_DAYS = 1;
/** How far ahead a promise on a call may be: a later payment is an installment plan, negotiated as an agreement. */
export const PROMISE_HORIZON_DAYS = 30;
/** A follow-up call of a broken promise goes before the cadence's calls. */
export const BROKEN_PROMISE_PRIORITY = 10;

const ZONE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: PROMISE_ZONE });

/** The business date (Brazil) of an instant. */
export function promiseDateOf(instant: IsoInstant | Date): IsoDate {
  return ZONE_DAY.format(typeof instant === 'string' ? new Date(instant) : instant) as IsoDate;
}

export const dateAfter = (date: IsoDate, days: number): IsoDate => new Date((epochDay(date) + days) * 86_400_000).toISOString().slice(0, 10) as IsoDate;

/** The promise of a call task: one per task, so a retried outcome records it once. */
export const promiseIdOf = (taskId: string): string => nameBasedUuid('contacts.promise', taskId);
/** The follow-up call of a broken promise: one per promise, across restarts and retries. */
export const followUpTaskIdOf = (promiseId: string): CallTaskId => nameBasedUuid('contacts.promise-follow-up', promiseId) as CallTaskId;

export interface PromiseWrite {
  readonly tenantId: string;
  readonly debtId: string;
  readonly debtorId: string | null;
  readonly taskId: string;
  readonly amount: Money;
  readonly dueOn: IsoDate;
  readonly agent: string;
  readonly now: IsoInstant;
}

/**
 * Records a promise made on a call on the debt's contact process, and its durable check
 * (after its day and the grace), in the caller's transaction: the call's outcome, the
 * promise and its deadline commit together or not at all.
 */
export async function recordPromise(writer: ContactsWriter, tx: StoreTransaction, metadata: EventMetadata, promise: PromiseWrite): Promise<void> {
  const promiseId = promiseIdOf(promise.taskId);
  const command: DebtContactCommand = {
    type: 'RecordPromise',
    debtId: promise.debtId,
    promiseId,
    taskId: promise.taskId,
    amount: promise.amount,
    madeOn: promiseDateOf(promise.now),
    dueOn: promise.dueOn,
    now: promise.now,
    actor: promise.agent,
  };
  let index = 0;
  await writer.apply(dunningAggregate, dunningStream(promise.debtId as DebtId), command, {
    tenantId: promise.tenantId,
    transaction: tx,
    metadata,
    nextEventId: () => nameBasedUuid('contacts.promise-event', promiseId, String(index++)),
  });
  await tx.query(
    `INSERT INTO contacts_promise_deadlines (tenant_id, promise_id, debt_id, debtor_id, due_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, promise_id) DO NOTHING`,
    [promise.tenantId, promiseId, promise.debtId, promise.debtorId, startOfLocalDay(dateAfter(promise.dueOn, 1 + PROMISE_GRACE_DAYS), PROMISE_ZONE)],
  );
}

export interface PromiseCheckDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const SYSTEM = 'system:contacts-promises';

/**
 * Checks every promise whose deadline has come, each in one transaction that holds its
 * deadline row (`FOR UPDATE SKIP LOCKED`: two schedulers never check one promise): a
 * promise still open is broken, and its follow-up call is queued (one task id per
 * promise) and the debt's cadence looked at again, with the row deleted in the same
 * transaction. A crash before the commit leaves the row: the next run does it all again,
 * once. Returns how many promises it checked.
 */
export async function checkDuePromises(deps: PromiseCheckDeps, limit = 10_000): Promise<number> {
  let checked = 0;
  while (checked < limit) {
    const now = deps.clock.now().toISOString();
    const handled = await deps.store.transaction(async (tx) => {
      const [due] = await tx.query<{ tenant_id: string; promise_id: string; debt_id: string; debtor_id: string | null }>(
        'SELECT tenant_id, promise_id, debt_id, debtor_id FROM contacts_promise_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED',
        [now],
      );
      if (!due) return false;
      const metadata: EventMetadata = { actor: SYSTEM };
      const written = await deps.writer.apply(
        dunningAggregate,
        dunningStream(due.debt_id as DebtId),
        { type: 'CheckPromise', debtId: due.debt_id, promiseId: due.promise_id, asOf: promiseDateOf(now), now, actor: SYSTEM },
        { tenantId: due.tenant_id, transaction: tx, metadata, nextEventId: () => deps.ids.next() },
      );
      if (written.events.some((e) => e.type === 'PromiseToPayBroken')) {
        await queueFollowUp(deps, tx, due.tenant_id, due.debt_id, due.debtor_id, followUpTaskIdOf(due.promise_id), now);
        // the cadence waited for the promise: it goes on from now
        await setDeadline(tx, due.tenant_id, due.debt_id, now);
      }
      await tx.query('DELETE FROM contacts_promise_deadlines WHERE tenant_id = $1 AND promise_id = $2', [due.tenant_id, due.promise_id]);
      return true;
    });
    if (!handled) return checked;
    checked += 1;
  }
  return checked;
}

async function queueFollowUp(deps: PromiseCheckDeps, tx: StoreTransaction, tenantId: string, debtId: string, debtorId: string | null, taskId: CallTaskId, now: IsoInstant): Promise<void> {
  const command = { type: 'CreateCallTask', taskId, debtId, debtorId, queue: 'default', priority: BROKEN_PROMISE_PRIORITY, reason: 'broken-promise', dueAt: now, now, actor: SYSTEM } as const;
  const written = await deps.writer.apply(callTaskAggregate, callTaskStream(taskId), command, { tenantId, transaction: tx, metadata: { actor: SYSTEM }, nextEventId: () => deps.ids.next() });
  const view = callTaskViewOf(written.state, written.nextExpectedVersion);
  if (view) await writeQueueRow(tx, tenantId, view);
}
