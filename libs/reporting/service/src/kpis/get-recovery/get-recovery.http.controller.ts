import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
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
  @ApiQuery({ name: 'from', required: false, description: 'First business date (YYYY-MM-DD), default the 1st of January of `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'Last business date (YYYY-MM-DD) and the as-of date of stock figures, default today (UTC)' })
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
