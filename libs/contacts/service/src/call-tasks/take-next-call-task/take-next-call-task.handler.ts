import { done, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { leaseFrom, lockNextInQueue, type TakenCallTask } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';

/**
 * The agent's "next call": in one transaction, the queue's next row is locked (SKIP
 * LOCKED: concurrent agents get different rows), `CallTaskTaken` is appended with the
 * version read and the row updated. A task is never handed to two agents: a second agent
 * cannot lock the row while the first holds it, and once committed the row says held
 * (until the lease runs out, when the decider records the expiry before the new take).
 */
export class TakeNextCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, queue: string): Promise<Outcome<TakenCallTask>> {
    return this.deps.idempotency.run(ctx, { type: 'TakeNextCallTask', target: queue, request: { queue } }, async (attempt): Promise<Outcome<TakenCallTask>> => {
      const now = this.deps.clock.now();
      const at = now.toISOString();
      return this.deps.store.transaction(async (tx) => {
        const taskId = await lockNextInQueue(tx, ctx.principal.tenantId, queue, at);
        if (!taskId) return done({ task: null });
        const taken = await writeCallTask(this.deps, attempt, tx, taskId, { type: 'TakeCallTask', taskId, agent: ctx.principal.subject, leaseUntil: leaseFrom(now), now: at });
        // the row and the stream are written together under the row's lock: they cannot disagree
        if (taken.kind !== 'done') throw new Error(`call task ${taskId}: the queue offered it but its stream refused: ${taken.detail}`);
        return done({ task: taken.value });
      });
    });
  }
}
