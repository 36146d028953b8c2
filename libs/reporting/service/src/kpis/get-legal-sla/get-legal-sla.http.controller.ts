import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetLegalSlaHandler } from './get-legal-sla.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetLegalSlaHttpController {
  constructor(
    @Inject(GetLegalSlaHandler) private readonly handler: GetLegalSlaHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('legal-sla')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Listing removals (legal, STJ Súmula 548) against their SLA day: requested in the period, confirmed by every bureau within the SLA or late in the period, still pending as of to (due: SLA day not passed; overdue: passed), SLA breaches detected in the period' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
