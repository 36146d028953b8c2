import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Outcome } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { promisesKpi, type Promises } from '../kpi.queries';
import type { PeriodRequest } from '../period.request';

/** The caller's tenant only: no query crosses tenants. */
export class GetPromisesHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: PeriodRequest): Promise<Outcome<Promises>> {
    return done(await promisesKpi(this.deps.driver, ctx.principal.tenantId, request));
  }
}
