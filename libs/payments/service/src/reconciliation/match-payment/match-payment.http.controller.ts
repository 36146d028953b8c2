import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { MatchPaymentHandler } from './match-payment.handler';
import { matchPaymentBody, parseMatchPaymentRequest } from './match-payment.request';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation/unmatched')
export class MatchPaymentHttpController {
  constructor(@Inject(MatchPaymentHandler) private readonly handler: MatchPaymentHandler) {}

  @Post(':paymentId/match')
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Match a parked payment to a charge by hand: it is then allocated to the charge debts' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(matchPaymentBody) })
  async match(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('paymentId') paymentId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseMatchPaymentRequest(paymentId, body)));
  }
}
