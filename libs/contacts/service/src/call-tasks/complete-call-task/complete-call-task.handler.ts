import { ValidationError } from '@collections/shared-kernel';
import { SubjectErasedError } from '@collections/shared-pii';
import { notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { lockQueueRow, type CallTaskView } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import type { CompleteCallTaskRequest } from './complete-call-task.request';

/**
 * The holder's outcome of a call; anyone else, or a second completion, is refused by the
 * decider with its rule. Notes are encrypted under the debtor's key before the command is
 * decided: the log holds a token, which the debtor's erasure makes unreadable.
 */
export class CompleteCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: CompleteCallTaskRequest): Promise<Outcome<CallTaskView>> {
    // the hash is of the request as sent: a retry with the same notes is the same request
    return this.deps.idempotency.run(ctx, { type: 'CompleteCallTask', target: request.taskId, request }, async (attempt) => {
      const now = this.deps.clock.now().toISOString();
      const tenantId = ctx.principal.tenantId;
      return this.deps.store.transaction(async (tx) => {
        const task = await lockQueueRow(tx, tenantId, request.taskId);
        if (!task) return notFound(`call task ${request.taskId} not found`);
        const notes = request.notes === undefined ? null : await this.encrypt(task.debtorId, tenantId, request.notes, tx);
        return writeCallTask(this.deps, attempt, tx, request.taskId, { type: 'CompleteCallTask', taskId: request.taskId, agent: ctx.principal.subject, outcome: request.outcome, notes, now });
      });
    });
  }

  private async encrypt(debtorId: string, tenantId: string, notes: string, tx: Parameters<ContactsDeps['cipher']['encrypt']>[3]): Promise<string> {
    try {
      return await this.deps.cipher.encrypt(debtorId, tenantId, notes, tx);
    } catch (error) {
      if (error instanceof SubjectErasedError) throw ValidationError.of('notes', 'the debtor was erased: no personal notes may be kept (complete without notes)');
      throw error;
    }
  }
}
