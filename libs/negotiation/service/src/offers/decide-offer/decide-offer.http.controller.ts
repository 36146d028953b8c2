import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { DecideOfferHandler } from './decide-offer.handler';
import { approveOfferBody, parseApproveOfferRequest, parseRejectOfferRequest, rejectOfferBody } from './decide-offer.request';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('offers')
export class DecideOfferHttpController {
  constructor(@Inject(DecideOfferHandler) private readonly handler: DecideOfferHandler) {}

  @Post(':offerId/approve')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Approve an offer made beyond the agent's limit (supervisor)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(approveOfferBody), required: false })
  async approve(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('offerId') offerId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseApproveOfferRequest(offerId, body)));
  }

  @Post(':offerId/reject')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Reject an offer made beyond the agent's limit (supervisor)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(rejectOfferBody) })
  async reject(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('offerId') offerId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRejectOfferRequest(offerId, body)));
  }
}
