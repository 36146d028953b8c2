import { notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { leaseFrom, lockQueueRow, type CallTaskView } from '../call-task-queue';
import { currentScriptOf, segmentOfDebt } from '../../call-scripts/call-scripts';
import { writeCallTask } from '../call-task-writes';
import type { ReassignCallTaskRequest } from './reassign-call-task.request';

/** A supervisor gives an open task to an agent (who then holds it under a fresh lease, its former holder no more). */
export class ReassignCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: ReassignCallTaskRequest): Promise<Outcome<CallTaskView>> {
    return this.deps.idempotency.run(ctx, { type: 'ReassignCallTask', target: request.taskId, request }, async (attempt) => {
      const now = this.deps.clock.now();
      return this.deps.store.transaction(async (tx) => {
        const task = await lockQueueRow(tx, ctx.principal.tenantId, request.taskId);
        if (!task) return notFound(`call task ${request.taskId} not found`);
        // the new holder is served the segment's script as it is now
        const { segment, version } = await currentScriptOf(this.deps.store, ctx.principal.tenantId, await segmentOfDebt(tx, ctx.principal.tenantId, task.debtId), tx);
        const command = { type: 'ReassignCallTask', taskId: request.taskId, to: request.agent, leaseUntil: leaseFrom(now), supervisor: ctx.principal.subject, now: now.toISOString(), script: { segment, version } } as const;
        return writeCallTask(this.deps, attempt, tx, request.taskId, command);
      });
    });
  }
}
