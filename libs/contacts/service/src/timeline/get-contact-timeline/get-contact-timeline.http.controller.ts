import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtId } from '../../shared/ids';
import { GetContactTimelineHandler } from './get-contact-timeline.handler';

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('debts')
export class GetContactTimelineHttpController {
  constructor(@Inject(GetContactTimelineHandler) private readonly handler: GetContactTimelineHandler) {}

  @Get(':debtId/contacts')
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  @ApiOperation({ summary: "A debt's contact timeline: every attempt, deferral and block with the rule that caused it" })
  async get(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownDebtId(debtId)));
  }
}
