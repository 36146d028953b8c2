import { done, notFound } from '@collections/shared-service-kit';
import type { DialerCallReport } from '@collections/contacts-channels';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { callTaskAggregate, callTaskStream, callTaskViewOf, lockQueueRow, writeQueueRow, type CallTaskId } from '../call-task-queue';

/**
 * A dialer's report of a call, recorded on its task (`CallStarted`, `CallEnded` with the
 * duration and the recording ref); a call this service did not dial names no task (404),
 * a repeated report records nothing more.
 */
export class RecordCallReportHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(report: DialerCallReport): Promise<Outcome<{ readonly taskId: string; readonly recorded: number }>> {
    return this.deps.store.transaction(async (tx) => {
      const [call] = await tx.query<{ tenant_id: string; task_id: string }>('SELECT tenant_id, task_id FROM contacts_dialer_calls WHERE call_id = $1', [report.callId]);
      if (!call) return notFound('no such call');
      const taskId = call.task_id as CallTaskId;
      await lockQueueRow(tx, call.tenant_id, taskId);
      const written = await this.deps.writer.apply(callTaskAggregate, callTaskStream(taskId), { type: 'RecordCallReport', taskId, report }, {
        tenantId: call.tenant_id,
        transaction: tx,
        metadata: { actor: 'system:dialer' },
        nextEventId: () => this.deps.ids.next(),
      });
      // (a call id in the table was dialled for that task: the decider's CALL_NOT_FOUND cannot happen here)
      const view = callTaskViewOf(written.state, written.nextExpectedVersion);
      if (view && written.events.length > 0) await writeQueueRow(tx, call.tenant_id, view);
      return done({ taskId, recorded: written.events.length });
    });
  }
}
