import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetLegalHandler } from './get-legal.handler';
import { parseGetLegalRequest } from './get-legal.request';

@ApiTags('legal')
@ApiBearerAuth()
@Controller('legal')
export class GetLegalHttpController {
  constructor(@Inject(GetLegalHandler) private readonly handler: GetLegalHandler) {}

  @Get(':legalId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A Legal, folded from its stream' })
  async get(@CurrentPrincipal() principal: Principal, @Param('legalId') legalId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseGetLegalRequest(legalId)));
  }
}
