import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Outcome } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { recoveryKpi, type Recovery } from '../kpi.queries';
import type { PeriodRequest } from '../period.request';

/** The caller's tenant only: no query crosses tenants. */
export class GetRecoveryHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: PeriodRequest): Promise<Outcome<Recovery>> {
    return done(await recoveryKpi(this.deps.driver, ctx.principal.tenantId, request));
  }
}
