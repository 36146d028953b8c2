import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { offerBody, parseOfferRequest } from '../offer-request';
import { SimulateOfferHandler } from './simulate-offer.handler';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('debts')
export class SimulateOfferHttpController {
  constructor(@Inject(SimulateOfferHandler) private readonly handler: SimulateOfferHandler) {}

  @Post(':debtId/offers/simulate')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "An offer computed from the debt's balance today under the policy in force, without commitment (nothing written)" })
  @ApiBody({ schema: schema(offerBody) })
  async simulate(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parseOfferRequest(debtId, body)));
  }
}
