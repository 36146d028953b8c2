import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtId } from '../../shared/ids';
import { GetEscalationHandler } from './get-escalation.handler';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class GetEscalationHttpController {
  constructor(@Inject(GetEscalationHandler) private readonly handler: GetEscalationHandler) {}

  @Get(':debtId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: "A debt's escalation: its state and the evidence timeline (every step and every refusal with its rule)" })
  async get(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownDebtId(debtId)));
  }
}
