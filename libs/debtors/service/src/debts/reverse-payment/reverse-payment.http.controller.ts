import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ReversePaymentHandler } from './reverse-payment.handler';
import { parseReversePaymentRequest, reversePaymentBody } from './reverse-payment.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class ReversePaymentHttpController {
  constructor(@Inject(ReversePaymentHandler) private readonly handler: ReversePaymentHandler) {}

  @Post(':debtId/payments/:paymentId/reversal')
  @HttpCode(200)
  @Roles('integrator', 'admin')
  @ApiOperation({
    summary: 'Reverse a recorded payment (devolução, chargeback): the balance is recomputed without it from its date; a debt it settled reopens',
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(reversePaymentBody) })
  async reverse(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Param('paymentId') paymentId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseReversePaymentRequest(debtId, paymentId, body)));
  }
}
