import { notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { leaseFrom, lockQueueRow, type CallTaskView } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import type { ReassignCallTaskRequest } from './reassign-call-task.request';

/** A supervisor gives an open task to an agent (who then holds it under a fresh lease, its former holder no more). */
export class ReassignCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: ReassignCallTaskRequest): Promise<Outcome<CallTaskView>> {
    return this.deps.idempotency.run(ctx, { type: 'ReassignCallTask', target: request.taskId, request }, async (attempt) => {
      const now = this.deps.clock.now();
      return this.deps.store.transaction(async (tx) => {
        if (!(await lockQueueRow(tx, ctx.principal.tenantId, request.taskId))) return notFound(`call task ${request.taskId} not found`);
        const command = { type: 'ReassignCallTask', taskId: request.taskId, to: request.agent, leaseUntil: leaseFrom(now), supervisor: ctx.principal.subject, now: now.toISOString() } as const;
        return writeCallTask(this.deps, attempt, tx, request.taskId, command);
      });
    });
  }
}
