import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY } from '@collections/shared-service-kit';
import { knownId } from '../../shared/ids';
import { valueOrConflict } from '../../shared/conflicts';
import { AcceptOfferHandler } from './accept-offer.handler';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('offers')
export class AcceptOfferHttpController {
  constructor(@Inject(AcceptOfferHandler) private readonly handler: AcceptOfferHandler) {}

  @Post(':offerId/accept')
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Accept an open offer: it becomes an agreement (acordo) with its installments; a second accept is a 409 problem' })
  @ApiHeader(IDEMPOTENCY)
  async accept(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('offerId') offerId: string) {
    return valueOrConflict(await this.handler.execute(httpContext(principal, req), knownId(offerId, 'offerId')));
  }
}
