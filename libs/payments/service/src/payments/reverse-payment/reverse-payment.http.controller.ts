import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import type { Clock } from '@collections/shared-kernel';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { brazilDate } from '../../shared/payments-deps';
import { PAYMENTS_CLOCK } from '../../shared/tokens';
import { ReversePaymentHandler } from './reverse-payment.handler';
import { parseReversePaymentRequest, reversePaymentBody } from './reverse-payment.request';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class ReversePaymentHttpController {
  constructor(
    @Inject(ReversePaymentHandler) private readonly handler: ReversePaymentHandler,
    @Inject(PAYMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':paymentId/reversal')
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Reverse a payment or record its chargeback: what it paid is owed again from that date' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(reversePaymentBody) })
  async reverse(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('paymentId') paymentId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseReversePaymentRequest(paymentId, body, brazilDate(this.clock.now()))));
  }
}
