import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetEscalationPolicyHandler } from './get-escalation-policy.handler';

@ApiTags('escalation policy')
@ApiBearerAuth()
@Controller('escalation-policy')
export class GetEscalationPolicyHttpController {
  constructor(@Inject(GetEscalationPolicyHandler) private readonly handler: GetEscalationPolicyHandler) {}

  @Get()
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: "The tenant's escalation policy, current version" })
  async get(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.handler.execute({ principal }));
  }
}
