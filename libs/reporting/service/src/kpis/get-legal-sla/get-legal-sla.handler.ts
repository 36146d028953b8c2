import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Outcome } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { legalSlaKpi } from '../kpi.queries';
import type { LegalSla } from '../kpi.rules';
import type { PeriodRequest } from '../period.request';

/** The caller's tenant only: no query crosses tenants. */
export class GetLegalSlaHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: PeriodRequest): Promise<Outcome<LegalSla>> {
    return done(await legalSlaKpi(this.deps.driver, ctx.principal.tenantId, request));
  }
}
