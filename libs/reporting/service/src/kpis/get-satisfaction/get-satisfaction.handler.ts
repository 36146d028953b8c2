import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Outcome } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { satisfactionKpi, type Satisfaction } from '../kpi.queries';
import type { PeriodRequest } from '../period.request';

/** The caller's tenant only: no query crosses tenants. */
export class GetSatisfactionHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: PeriodRequest): Promise<Outcome<Satisfaction>> {
    return done(await satisfactionKpi(this.deps.driver, ctx.principal.tenantId, request));
  }
}
