import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../../shared/roles';
import { Clock } from '../../shared/clock.token';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { PeriodQueries } from '../period.api';
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
  @PeriodQueries()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parsePeriodRequest(query, this.clock)));
  }
}
