import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetRecoveryHandler } from './get-recovery.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetRecoveryHttpController {
  constructor(
    @Inject(GetRecoveryHandler) private readonly handler: GetRecoveryHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('recovery')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Recovery rate (recovered / placed) over the period, by month and by channel. Attribution: the last contact sent (ContactSent) on the same debt within 30 days before the payment date (that day included) gets the payment; otherwise "unattributed"' })
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
