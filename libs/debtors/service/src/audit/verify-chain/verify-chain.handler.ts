import type { ChainBreak, VerificationReport } from '@collections/shared-event-store';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import type { AuditTarget } from '../audit-target';

export type ChainVerification = VerificationReport & { readonly scope: string };

/** Recomputes the hash chain of one stream, or of every stream of the caller's tenant. */
export class VerifyChainHandler {
  constructor(private readonly deps: Pick<DebtorsDeps, 'store'>) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, target: AuditTarget | undefined): Promise<Outcome<ChainVerification>> {
    const tenantId = ctx.principal.tenantId;
    if (!target) return done({ ...(await this.deps.store.verify({ tenantId })), scope: `tenant ${tenantId}` });
    const report = await this.deps.store.verify({ tenantId, streamId: target.streamId });
    if (report.eventsChecked === 0 && report.breaks.every((b: ChainBreak) => b.tenantId !== tenantId)) return notFound(`${target.kind} ${target.id} not found`);
    return done({ ...report, scope: target.streamId });
  }
}
