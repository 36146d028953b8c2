import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { parsePeriodRequest } from '../period.request';
import { GetAgreementsHandler } from './get-agreements.handler';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetAgreementsHttpController {
  constructor(
    @Inject(GetAgreementsHandler) private readonly handler: GetAgreementsHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @Get('agreements')
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'Agreements made, fulfilled, broken and cancelled in the period; fulfilled rate = fulfilled / (fulfilled + broken)' })
  @ApiQuery({ name: 'from', required: false, description: 'First business date (YYYY-MM-DD), default the 1st of January of `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'Last business date (YYYY-MM-DD) and the as-of date of stock figures, default today (UTC)' })
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
