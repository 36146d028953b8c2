import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetPolicyHandler } from './get-policy.handler';

@ApiTags('policy')
@ApiBearerAuth()
@Controller('policy')
export class GetPolicyHttpController {
  constructor(@Inject(GetPolicyHandler) private readonly handler: GetPolicyHandler) {}

  @Get()
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: "The tenant's negotiation policy in force, with its version" })
  async get(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.handler.execute({ principal }));
  }
}
