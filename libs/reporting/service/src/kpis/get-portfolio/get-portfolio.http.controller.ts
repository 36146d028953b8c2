import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetPortfolioHandler } from './get-portfolio.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetPortfolioHttpController {
  constructor(
    @Inject(GetPortfolioHandler) private readonly handler: GetPortfolioHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('portfolio')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Portfolio: placed, recovered, written off in the period; open and aging buckets as of `to`' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
