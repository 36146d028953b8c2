import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RecordPaymentHandler } from './record-payment.handler';
import { parseRecordPaymentRequest, recordPaymentBody } from './record-payment.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class RecordPaymentHttpController {
  constructor(@Inject(RecordPaymentHandler) private readonly handler: RecordPaymentHandler) {}

  @Post(':debtId/payments')
  @HttpCode(200)
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Record a payment (idempotent by paymentId); allocated to interest, then fee, then principal' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordPaymentBody) })
  async pay(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordPaymentRequest(debtId, body)));
  }
}
