import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownId } from '../../shared/ids';
import { GetOfferHandler } from './get-offer.handler';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('offers')
export class GetOfferHttpController {
  constructor(@Inject(GetOfferHandler) private readonly handler: GetOfferHandler) {}

  @Get(':offerId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'An offer: status, terms as computed (policy version, balance as of its date, schedule), its agreement' })
  async get(@CurrentPrincipal() principal: Principal, @Param('offerId') offerId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownId(offerId, 'offerId')));
  }
}
