import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetAgentsHandler } from './get-agents.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetAgentsHttpController {
  constructor(
    @Inject(GetAgentsHandler) private readonly handler: GetAgentsHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('agents')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Per agent: calls completed by outcome, right-party contacts (outcomes right-party-contact, promise-to-pay, refused, dispute-raised, callback-requested) and their rate, and the recovery attributed to the agent of the last right-party call on the same debt within 30 days before the payment date (that day included)' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
