import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Outcome } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { agentsKpi, type Agents } from '../kpi.queries';
import type { PeriodRequest } from '../period.request';

/** The caller's tenant only: no query crosses tenants. */
export class GetAgentsHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: PeriodRequest): Promise<Outcome<Agents>> {
    return done(await agentsKpi(this.deps.driver, ctx.principal.tenantId, request));
  }
}
