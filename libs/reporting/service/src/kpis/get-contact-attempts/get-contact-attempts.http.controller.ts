import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetContactAttemptsHandler } from './get-contact-attempts.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetContactAttemptsHttpController {
  constructor(
    @Inject(GetContactAttemptsHandler) private readonly handler: GetContactAttemptsHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('contact-attempts')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Contact attempts in the period by channel and outcome (sent, deferred, blocked, failed, call task)' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
