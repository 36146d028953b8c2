import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { offerBody, parseOfferRequest } from '../offer-request';
import { MakeOfferHandler } from './make-offer.handler';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('debts')
export class MakeOfferHttpController {
  constructor(@Inject(MakeOfferHandler) private readonly handler: MakeOfferHandler) {}

  @Post(':debtId/offers')
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "Make an offer on a debt (beyond the agent's limit it awaits a supervisor's approval)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(offerBody) })
  async make(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOfferRequest(debtId, body)));
  }
}
