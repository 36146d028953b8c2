import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { parseAuditTarget } from '../audit-target';
import { HistoryHandler } from './history.handler';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class HistoryHttpController {
  constructor(@Inject(HistoryHandler) private readonly handler: HistoryHandler) {}

  @Get(':kind/:id/history')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Every event of a debtor or debt: type, data, actor, time, correlation and causation, hash' })
  async history(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseAuditTarget(kind, id)));
  }
}
