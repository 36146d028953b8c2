import { notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { lockQueueRow, type CallTaskView } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import type { CompleteCallTaskRequest } from './complete-call-task.request';

/** The holder's outcome of a call; anyone else, or a second completion, is refused by the decider with its rule. */
export class CompleteCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: CompleteCallTaskRequest): Promise<Outcome<CallTaskView>> {
    return this.deps.idempotency.run(ctx, { type: 'CompleteCallTask', target: request.taskId, request }, async (attempt) => {
      const now = this.deps.clock.now().toISOString();
      return this.deps.store.transaction(async (tx) => {
        if (!(await lockQueueRow(tx, ctx.principal.tenantId, request.taskId))) return notFound(`call task ${request.taskId} not found`);
        return writeCallTask(this.deps, attempt, tx, request.taskId, { type: 'CompleteCallTask', taskId: request.taskId, agent: ctx.principal.subject, outcome: request.outcome, now });
      });
    });
  }
}
