import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetPromisesHandler } from './get-promises.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetPromisesHttpController {
  constructor(
    @Inject(GetPromisesHandler) private readonly handler: GetPromisesHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('promises')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Promises to pay made, kept and broken in the period; kept rate = kept / (kept + broken)' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
