import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtorId } from '../../shared/ids';
import { GetDebtorHandler } from './get-debtor.handler';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class GetDebtorHttpController {
  constructor(@Inject(GetDebtorHandler) private readonly handler: GetDebtorHandler) {}

  @Get(':debtorId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A debtor, with personal data decrypted ("[erased]" after erasure)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('debtorId') debtorId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownDebtorId(debtorId)));
  }
}
