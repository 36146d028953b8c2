import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { StateAsOfHandler } from './state-as-of.handler';
import { parseStateAsOfRequest } from './state-as-of.request';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class StateAsOfHttpController {
  constructor(@Inject(StateAsOfHandler) private readonly handler: StateAsOfHandler) {}

  @Get(':kind/:id/state')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'The debtor or debt as it stood at a past instant (from the log as recorded then)' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 instant' })
  async state(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string, @Query('at') at?: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseStateAsOfRequest(kind, id, at)));
  }
}
