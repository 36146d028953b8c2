import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { parseAuditTarget } from '../audit-target';
import { VerifyChainHandler } from './verify-chain.handler';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class VerifyChainHttpController {
  constructor(@Inject(VerifyChainHandler) private readonly handler: VerifyChainHandler) {}

  @Get(':kind/:id/verification')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Recompute the hash chain of one stream' })
  async verifyStream(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseAuditTarget(kind, id)));
  }

  @Get('verification')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Recompute the hash chain of every stream of the caller’s tenant' })
  async verifyTenant(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.handler.execute({ principal }, undefined));
  }
}
