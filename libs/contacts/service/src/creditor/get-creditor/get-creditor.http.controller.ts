import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetCreditorHandler } from './get-creditor.handler';

@ApiTags('creditor')
@ApiBearerAuth()
@Controller('creditor')
export class GetCreditorHttpController {
  constructor(@Inject(GetCreditorHandler) private readonly handler: GetCreditorHandler) {}

  @Get()
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  @ApiOperation({ summary: "The tenant's creditor identification" })
  async get(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.handler.execute({ principal }));
  }
}
