import { Money, ValidationError, nameBasedUuid, type IsoInstant } from '@collections/shared-kernel';
import { loadAggregate, type EventMetadata, type StoreTransaction } from '@collections/shared-event-store';
import { SubjectErasedError } from '@collections/shared-pii';
import { notFound, type RequestContext } from '@collections/shared-service-kit';
import { contactHoursAt, parseContactProfile, type CallOutcome, type DebtContactCommand, type HoldKind } from '@collections/contacts-domain';
import { dunningAggregate } from '../../dunning/dunning-stream';
import { PROMISE_HORIZON_DAYS, dateAfter, promiseDateOf, recordPromise } from '../../promises/promises';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { dunningStream, type DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { callTaskAggregate, callTaskStream, callTaskViewOf, debtOfTask, lockQueueRow, writeQueueRow, type CallTaskId, type CallTaskView } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import { currentScriptOf, scriptVersionOf, segmentOfDebt } from '../../call-scripts/call-scripts';
import { followUpRulesOf } from '../follow-up-rules/follow-up-rules';
import { requestSurveyAfterCall } from '../../surveys/surveys';
import type { CompleteCallTaskRequest, PromiseRequest } from './complete-call-task.request';

/** A callback is for the coming weeks, and goes before the cadence's calls. */
const CALLBACK_HORIZON_DAYS = 30;
const CALLBACK_PRIORITY = 5;

/** Outcomes that put a hold on the debt's cadence: what was reported on the call must be looked at first. */
const HOLD_OF_OUTCOME: Partial<Record<CallOutcome, HoldKind>> = {
  'dispute-raised': 'dispute',
  'deceased-reported': 'deceased',
  'bankruptcy-reported': 'bankruptcy',
};

/**
 * The holder's outcome of a call; anyone else, or a second completion, is refused by the
 * decider with its rule. Notes are encrypted under the debtor's key before the command is
 * decided: the log holds a token, which the debtor's erasure makes unreadable. In the same
 * transaction the outcome acts on the debt's contact process: a promise to pay is recorded
 * (with its durable check) and the cadence waits for it; a dispute, a death or a
 * bankruptcy reported puts a hold on it; a call back asked for is queued for its instant,
 * and the tenant's follow-up table queues the next call (no answer: in 4 hours...).
 */
export class CompleteCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: CompleteCallTaskRequest): Promise<Outcome<CallTaskView>> {
    // the hash is of the request as sent: a retry with the same notes is the same request
    return this.deps.idempotency.run(ctx, { type: 'CompleteCallTask', target: request.taskId, request }, async (attempt) => {
      const now = this.deps.clock.now().toISOString();
      const tenantId = ctx.principal.tenantId;
      // the debtors context is asked before the transaction (in embedded mode it answers from this same database)
      if (request.promise) await this.checkPromise(tenantId, request.taskId, request.promise, now);
      return this.deps.store.transaction(async (tx) => {
        const task = await lockQueueRow(tx, tenantId, request.taskId);
        if (!task) return notFound(`call task ${request.taskId} not found`);
        if (request.callbackAt) await this.checkCallback(tx, tenantId, task.debtorId, request.callbackAt, now);
        const notes = request.notes === undefined ? null : await this.encrypt(task.debtorId, tenantId, request.notes, tx);
        const agent = ctx.principal.subject;
        const script = await this.servedScript(tx, tenantId, request.taskId, task.debtId);
        const completed = await writeCallTask(this.deps, attempt, tx, request.taskId, {
          type: 'CompleteCallTask',
          taskId: request.taskId,
          agent,
          outcome: request.outcome,
          notes,
          now,
          stepsDone: request.stepsDone,
          script: { version: script.version, steps: script.steps },
          recordingRef: request.recordingRef ?? null,
        });
        if (completed.kind !== 'done') return completed;
        const metadata: EventMetadata = { actor: agent, ...(attempt.correlationId ? { correlationId: attempt.correlationId } : {}) };
        if (request.promise) {
          await recordPromise(this.deps.writer, tx, metadata, { tenantId, debtId: task.debtId, debtorId: task.debtorId, taskId: request.taskId, amount: request.promise.amount, dueOn: request.promise.dueOn, agent, now });
        }
        const queue = completed.value.queue;
        if (request.callbackAt) await this.queueCall(tx, tenantId, task, { queue, reason: 'callback', dueAt: request.callbackAt, priority: CALLBACK_PRIORITY }, request.taskId, agent, now);
        // the tenant's follow-up table: e.g. no answer, call again in 4 hours
        const minutes = (await followUpRulesOf(tx, tenantId))[request.outcome];
        if (minutes) {
          const dueAt = new Date(Date.parse(now) + minutes * 60_000).toISOString();
          await this.queueCall(tx, tenantId, task, { queue, reason: 'follow-up', dueAt, priority: 0 }, request.taskId, agent, now);
        }
        const hold = HOLD_OF_OUTCOME[request.outcome];
        if (hold) await this.placeHold(tx, tenantId, task.debtId, request, hold, agent, now, metadata);
        // the tenant's satisfaction survey after a call that reached the debtor (sent later, by the contact rules)
        await requestSurveyAfterCall(this.deps, tx, { tenantId, taskId: request.taskId, debtId: task.debtId, debtorId: task.debtorId, agent, outcome: request.outcome, now });
        return completed;
      });
    });
  }

  /** The script the holder was served (its version's steps): the steps done are checked against it. */
  private async servedScript(tx: StoreTransaction, tenantId: string, taskId: CallTaskId, debtId: string) {
    const { state } = await loadAggregate(this.deps.store, callTaskAggregate.decider, callTaskAggregate.codec, callTaskStream(taskId), { tenantId, transaction: tx });
    const served = state.status === 'none' ? null : state.script;
    // a task taken before scripts existed: the segment's current one
    return (served ? await scriptVersionOf(this.deps.store, tenantId, served.segment, served.version, tx) : undefined) ?? (await currentScriptOf(this.deps.store, tenantId, await segmentOfDebt(tx, tenantId, debtId), tx));
  }

  /** Today or within the horizon, and not above what the debt owes today (an agent may not promise what is not owed). */
  private async checkPromise(tenantId: string, taskId: CompleteCallTaskRequest['taskId'], promise: PromiseRequest, now: IsoInstant): Promise<void> {
    const today = promiseDateOf(now);
    if (promise.dueOn < today) throw ValidationError.of('promise.dueOn', `must be today (${today}) or later`);
    const latest = dateAfter(today, PROMISE_HORIZON_DAYS);
    if (promise.dueOn > latest) throw ValidationError.of('promise.dueOn', `must be at most ${PROMISE_HORIZON_DAYS} days ahead (${latest}): paying later is an agreement, made in negotiation`);
    const debtId = await debtOfTask(this.deps.store.driver, tenantId, taskId);
    if (!debtId) return; // the transaction answers 404
    const balance = await this.deps.directory.debtBalance(tenantId, debtId);
    if (!balance) return;
    if (balance.currency !== promise.amount.currency) throw ValidationError.of('promise.amount.currency', `must be ${balance.currency}, the currency of the debt`);
    if (promise.amount.amount > balance.amount) throw ValidationError.of('promise.amount.amount', `must not be more than the debt's balance today, ${Money.toDecimal(balance)} ${balance.currency}`);
  }

  /** A callback the debtor asked for: in the future, within 30 days, at an instant the contact rules of their place allow. */
  private async checkCallback(tx: StoreTransaction, tenantId: string, debtorId: string, at: IsoInstant, now: IsoInstant): Promise<void> {
    if (Date.parse(at) <= Date.parse(now)) throw ValidationError.of('callback.at', 'must be in the future');
    if (Date.parse(at) > Date.parse(now) + CALLBACK_HORIZON_DAYS * 86_400_000) throw ValidationError.of('callback.at', `must be within ${CALLBACK_HORIZON_DAYS} days`);
    const [place] = await tx.query<{ state: string | null; time_zone: string | null }>('SELECT state, time_zone FROM contacts_debtors WHERE tenant_id = $1 AND debtor_id = $2', [tenantId, debtorId]);
    if (!place?.state) return;
    const hours = contactHoursAt(parseContactProfile({ country: 'BR', state: place.state, timeZone: place.time_zone ?? 'America/Sao_Paulo' }), at);
    if (hours.kind === 'forbidden') throw ValidationError.of('callback.at', `the debtor may not be called then: ${hours.rule.code} (${hours.rule.article}): ${hours.rule.detail}`);
  }

  /** Another call of the same debt in the task's queue (one per task and reason: a retried completion queues it once). */
  private async queueCall(tx: StoreTransaction, tenantId: string, task: { debtId: string; debtorId: string }, next: { queue: string; reason: 'callback' | 'follow-up'; dueAt: IsoInstant; priority: number }, fromTaskId: string, agent: string, now: IsoInstant): Promise<void> {
    const taskId = nameBasedUuid(`contacts.${next.reason}`, fromTaskId) as CallTaskId;
    const command = { type: 'CreateCallTask', taskId, debtId: task.debtId, debtorId: task.debtorId, queue: next.queue, priority: next.priority, reason: next.reason, dueAt: next.dueAt, now, actor: agent } as const;
    const written = await this.deps.writer.apply(callTaskAggregate, callTaskStream(taskId), command, { tenantId, transaction: tx, metadata: { actor: agent }, nextEventId: () => nameBasedUuid(`contacts.${next.reason}-event`, fromTaskId) });
    const view = callTaskViewOf(written.state, written.nextExpectedVersion);
    if (view) await writeQueueRow(tx, tenantId, view);
  }

  private async placeHold(tx: StoreTransaction, tenantId: string, debtId: string, request: CompleteCallTaskRequest, kind: HoldKind, agent: string, now: IsoInstant, metadata: EventMetadata): Promise<void> {
    const command: DebtContactCommand = { type: 'PlaceHold', debtId, holdId: `call-${request.taskId}`, kind, reason: `${request.outcome} on call task ${request.taskId}`, now, actor: agent };
    let index = 0;
    await this.deps.writer.apply(dunningAggregate, dunningStream(debtId as DebtId), command, {
      tenantId,
      transaction: tx,
      metadata,
      nextEventId: () => nameBasedUuid('contacts.call-hold', request.taskId, String(index++)),
    });
  }

  private async encrypt(debtorId: string, tenantId: string, notes: string, tx: StoreTransaction): Promise<string> {
    try {
      return await this.deps.cipher.encrypt(debtorId, tenantId, notes, tx);
    } catch (error) {
      if (error instanceof SubjectErasedError) throw ValidationError.of('notes', 'the debtor was erased: no personal notes may be kept (complete without notes)');
      throw error;
    }
  }
}
