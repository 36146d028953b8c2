import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownUuid } from '../../shared/ids';
import { GetChargeHandler } from './get-charge.handler';

@ApiTags('charges')
@ApiBearerAuth()
@Controller('charges')
export class GetChargeHttpController {
  constructor(@Inject(GetChargeHandler) private readonly handler: GetChargeHandler) {}

  @Get(':chargeId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A charge: its PIX copia-e-cola, boleto line, status and payments' })
  async get(@CurrentPrincipal() principal: Principal, @Param('chargeId') chargeId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownUuid(chargeId, 'charge')));
  }
}
