import type { StoreTransaction } from '@collections/shared-event-store';
import type { CallTaskCommand } from '@collections/contacts-domain';
import { done, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../shared/contacts-deps';
import type { Outcome } from '../shared/outcome';
import { callTaskAggregate, callTaskStream, callTaskViewOf, writeQueueRow, type CallTaskId, type CallTaskView } from './call-task-queue';

/**
 * A request's command to one call task, inside the caller's transaction (which holds the
 * task's queue row): the stream's events and the row commit together or not at all.
 */
export async function writeCallTask(deps: Pick<ContactsDeps, 'writer'>, ctx: RequestContext, tx: StoreTransaction, taskId: CallTaskId, command: CallTaskCommand): Promise<Outcome<CallTaskView>> {
  const written = await deps.writer.write(ctx, callTaskAggregate, callTaskStream(taskId), command, { transaction: tx });
  if (written.kind !== 'done') return written;
  const view = callTaskViewOf(written.value.state, written.value.nextExpectedVersion);
  if (!view) throw new Error(`call task ${taskId} has no state after ${command.type}`);
  await writeQueueRow(tx, ctx.principal.tenantId, view);
  return done(view);
}
