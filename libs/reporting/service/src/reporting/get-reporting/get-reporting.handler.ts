import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import type { Outcome } from '../../shared/outcome';
import { readReporting, type ReportingView } from '../reporting.view';
import type { GetReportingRequest } from './get-reporting.request';

/** Another tenant's Reporting is not found, exactly as an unknown id. */
export class GetReportingHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: GetReportingRequest): Promise<Outcome<ReportingView>> {
    const view = await readReporting(this.deps, ctx.principal.tenantId, request.reportingId);
    return view ? done(view) : notFound(`reporting ${request.reportingId} not found`);
  }
}
