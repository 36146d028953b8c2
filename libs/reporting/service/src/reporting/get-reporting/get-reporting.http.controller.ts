import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetReportingHandler } from './get-reporting.handler';
import { parseGetReportingRequest } from './get-reporting.request';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class GetReportingHttpController {
  constructor(@Inject(GetReportingHandler) private readonly handler: GetReportingHandler) {}

  @Get(':reportingId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A Reporting, folded from its stream' })
  async get(@CurrentPrincipal() principal: Principal, @Param('reportingId') reportingId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseGetReportingRequest(reportingId)));
  }
}
