import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetSatisfactionHandler } from './get-satisfaction.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetSatisfactionHttpController {
  constructor(
    @Inject(GetSatisfactionHandler) private readonly handler: GetSatisfactionHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('satisfaction')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'The one-question survey (1-5) after a right-party call: surveys sent and answered in the period (each by its own date), scores 1-5, average score, response rate (answered / sent), by agent and by channel' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
