import { ValidationError } from '@collections/shared-kernel';
import type { RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import type { CallTaskId, CallTaskView } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import type { CreateCallTaskRequest } from './create-call-task.request';

/** A call task put in a queue by hand (a supervisor, an integrator's system): for a debt this tenant's contacts service knows. */
export class CreateCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: CreateCallTaskRequest): Promise<Outcome<CallTaskView>> {
    return this.deps.idempotency.run(ctx, { type: 'CreateCallTask', target: request.debtId, request }, async (attempt) => {
      const taskId = attempt.ids.next() as CallTaskId;
      const now = this.deps.clock.now().toISOString();
      const tenantId = ctx.principal.tenantId;
      return this.deps.store.transaction(async (tx) => {
        // another tenant's debt reads as unknown: the same answer as a debt that does not exist
        const [debt] = await tx.query<{ debtor_id: string }>('SELECT debtor_id FROM contacts_debts WHERE tenant_id = $1 AND debt_id = $2', [tenantId, request.debtId]);
        if (!debt) throw ValidationError.of('debtId', 'is not a debt known to the contacts service');
        const command = {
          type: 'CreateCallTask',
          taskId,
          debtId: request.debtId,
          debtorId: debt.debtor_id,
          queue: request.queue,
          priority: request.priority,
          reason: request.reason,
          dueAt: request.dueAt ?? now,
          now,
          actor: ctx.principal.subject,
        } as const;
        return writeCallTask(this.deps, attempt, tx, taskId, command);
      });
    });
  }
}
