import { parseActor } from '@collections/shared-kernel';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { readDebtor } from '../debtor.view';
import type { RequestErasureRequest } from './request-erasure.request';

export interface Erasure {
  readonly debtorId: string;
  readonly erasedAt: string;
}

/**
 * LGPD art. 18: the key and the tax id's claim are destroyed first, then the fact is
 * recorded. A crash in between leaves the data already unreadable, and a retry
 * finishes the work (both deletions are idempotent) and records the event.
 */
export class RequestErasureHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RequestErasureRequest): Promise<Outcome<Erasure>> {
    const { debtorId } = request;
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'RequestErasure', target: debtorId, request }, async (attempt) => {
      if (!(await readDebtor(this.deps, tenantId, debtorId))) return notFound(`debtor ${debtorId} not found`);
      await this.deps.protector.erase(debtorId, tenantId);
      // The claim's blind index is derived from the tax id in clear: personal data that goes
      // with the key. It also frees the tax id: a later registration is a new debtor.
      await this.deps.claims.release(tenantId, debtorId);
      const now = this.deps.calendar.now();
      const written = await this.deps.writer.debtor(attempt, debtorId, { type: 'RequestErasure', debtorId, now, actor: parseActor(ctx.principal.subject) });
      return written.kind === 'done' ? done({ debtorId, erasedAt: now }) : written;
    });
  }
}
