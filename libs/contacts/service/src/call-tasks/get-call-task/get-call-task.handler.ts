import { HttpStatus } from '@nestjs/common';
import { hasAnyRole, type Principal } from '@collections/shared-auth';
import { loadAggregate } from '@collections/shared-event-store';
import { ERASED } from '@collections/shared-pii';
import { RuleViolationProblem } from '@collections/shared-nest';
import { done, notFound } from '@collections/shared-service-kit';
import type { CallOutcome, DialerCall } from '@collections/contacts-domain';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { currentScriptOf, scriptVersionOf, segmentOfDebt, type CallScriptView } from '../../call-scripts/call-scripts';
import { callTaskAggregate, callTaskStream, callTaskViewOf, type CallTaskId, type CallTaskView } from '../call-task-queue';

/** A call task read back: the task, its outcome, the steps done, the notes decrypted, the script served. */
export interface CallTaskDetail extends CallTaskView {
  readonly outcome: CallOutcome | null;
  readonly completedAt: string | null;
  readonly stepsDone: readonly string[] | null;
  readonly recordingRef: string | null;
  /** The agent's notes in clear; null without notes or once the debtor was erased. */
  readonly notes: string | null;
  /** The notes existed and were destroyed with the debtor's key (LGPD art. 18, VI). */
  readonly notesErased: boolean;
  /** The script served with the task (the current one of its segment while nobody took it). */
  readonly script: CallScriptView;
  /** The calls placed through the dialer: started, ended, how long, the recording. */
  readonly calls: readonly DialerCall[];
}

/**
 * A call task read back. Supervisors, admins and auditors see any of the tenant's tasks;
 * an agent sees the tasks it holds or held. The notes are decrypted with the debtor's
 * key, here, for this answer only; after the debtor's erasure they read as null with
 * `notesErased: true`.
 */
export class GetCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }, taskId: CallTaskId): Promise<Outcome<CallTaskDetail>> {
    const tenantId = ctx.principal.tenantId;
    // by tenant: another tenant's task reads as no task at all
    const [row] = await this.deps.store.driver.query<{ debtor_id: string }>(
      `SELECT d.debtor_id FROM contacts_call_tasks t JOIN contacts_debts d ON d.tenant_id = t.tenant_id AND d.debt_id = t.debt_id WHERE t.tenant_id = $1 AND t.task_id = $2`,
      [tenantId, taskId],
    );
    if (!row) return notFound(`call task ${taskId} not found`);
    const { state, version } = await loadAggregate(this.deps.store, callTaskAggregate.decider, callTaskAggregate.codec, callTaskStream(taskId), { tenantId });
    const view = callTaskViewOf(state, version);
    if (state.status === 'none' || !view) return notFound(`call task ${taskId} not found`);
    if (!hasAnyRole(ctx.principal, ['supervisor', 'admin', 'auditor']) && !state.agents.includes(ctx.principal.subject)) {
      throw new RuleViolationProblem('CALL_TASK_NOT_YOURS', `only an agent who held call task ${taskId}, a supervisor, an admin or an auditor may read it`, HttpStatus.FORBIDDEN);
    }
    const completion = state.completion;
    let notes: string | null = null;
    let notesErased = false;
    if (completion?.notes) {
      const clear = await this.deps.cipher.decrypt(row.debtor_id, completion.notes);
      if (clear === ERASED) notesErased = true;
      else notes = String(clear);
    }
    const segment = state.script?.segment ?? (await segmentOfDebt(this.deps.store.driver, tenantId, state.debtId));
    const script = (state.script ? await scriptVersionOf(this.deps.store, tenantId, segment, state.script.version) : undefined) ?? (await currentScriptOf(this.deps.store, tenantId, segment));
    return done({
      ...view,
      outcome: completion?.outcome ?? null,
      completedAt: completion?.completedAt ?? null,
      stepsDone: completion?.stepsDone ?? null,
      recordingRef: completion?.recordingRef ?? null,
      notes,
      notesErased,
      script,
      calls: state.calls,
    });
  }
}
