import type { Principal } from '@collections/shared-auth';
import { done } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';

/** A supervisor's view of one queue now: what waits (due or not yet), how long the oldest due one has, what agents hold. */
export interface CallQueueView {
  readonly queue: string;
  /** Open tasks: queued (due or not yet) and held. */
  readonly size: number;
  readonly due: number;
  readonly held: number;
  /** Seconds since the oldest task waiting to be taken became due; 0 when none waits. */
  readonly oldestDueAgeSeconds: number;
}

export class GetCallQueueHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }, queue: string): Promise<Outcome<CallQueueView>> {
    const now = this.deps.clock.now().toISOString();
    // a held task whose lease ran out counts as waiting: take-next offers it again
    const [row] = await this.deps.store.driver.query<{ size: string; due: string; held: string; oldest: string | null }>(
      `SELECT count(*) AS size,
              count(*) FILTER (WHERE due_at <= $3 AND (state = 'queued' OR lease_until <= $3)) AS due,
              count(*) FILTER (WHERE state = 'held' AND lease_until > $3) AS held,
              floor(extract(epoch FROM $3::timestamptz - min(due_at) FILTER (WHERE due_at <= $3 AND (state = 'queued' OR lease_until <= $3))))::text AS oldest
         FROM contacts_call_tasks WHERE tenant_id = $1 AND queue = $2 AND state <> 'completed'`,
      [ctx.principal.tenantId, queue, now],
    );
    return done({ queue, size: Number(row?.size ?? 0), due: Number(row?.due ?? 0), held: Number(row?.held ?? 0), oldestDueAgeSeconds: Number(row?.oldest ?? 0) });
  }
}
