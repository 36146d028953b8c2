import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetDebtHandler } from './get-debt.handler';
import { parseGetDebtRequest } from './get-debt.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class GetDebtHttpController {
  constructor(@Inject(GetDebtHandler) private readonly handler: GetDebtHandler) {}

  @Get(':debtId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A debt with its balance as of a date (default: today in Brazil)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD' })
  async get(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string, @Query('asOf') asOf?: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseGetDebtRequest(debtId, asOf)));
  }
}
