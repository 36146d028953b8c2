import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownId } from '../../shared/ids';
import { GetAgreementHandler } from './get-agreement.handler';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class GetAgreementHttpController {
  constructor(@Inject(GetAgreementHandler) private readonly handler: GetAgreementHandler) {}

  @Get(':agreementId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: "An agreement: schedule, paid per installment, the charges' PIX copia-e-cola and boleto line" })
  async get(@CurrentPrincipal() principal: Principal, @Param('agreementId') agreementId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownId(agreementId, 'agreementId')));
  }
}
