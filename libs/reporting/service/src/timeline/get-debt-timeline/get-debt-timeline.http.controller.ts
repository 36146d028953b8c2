import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import { done, notFound, valueOrProblem } from '@collections/shared-service-kit';
import { debtTimeline } from '../../kpis/kpi.queries';
import { REPORTING_ROLES } from '../../shared/roles';
import { ReportingDepsToken } from '../../shared/deps.token';
import type { ReportingDeps } from '../../shared/reporting-deps';

/** An id that is not a UUID names no debt: 404, as an unknown one (or another tenant's). */
export function knownDebtId(value: string): string {
  if (!isUuid(value)) throw new NotFoundProblem(`debtId ${value} is not a known id`);
  return value.toLowerCase();
}

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetDebtTimelineHttpController {
  constructor(@Inject(ReportingDepsToken) private readonly deps: ReportingDeps) {}

  @Get('debts/:debtId/timeline')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: "A debt's timeline: every integration event received that names it, in the order received" })
  async get(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string) {
    const id = knownDebtId(debtId);
    const timeline = await debtTimeline(this.deps.driver, principal.tenantId, id);
    return valueOrProblem(timeline ? done(timeline) : notFound(`debt ${id} not found`));
  }
}
