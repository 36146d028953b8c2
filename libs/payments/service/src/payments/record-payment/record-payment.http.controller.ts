import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import type { Clock } from '@collections/shared-kernel';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { brazilDate } from '../../shared/payments-deps';
import { PAYMENTS_CLOCK } from '../../shared/tokens';
import { RecordPaymentHandler } from './record-payment.handler';
import { parseRecordPaymentRequest, recordPaymentBody } from './record-payment.request';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class RecordPaymentHttpController {
  constructor(
    @Inject(RecordPaymentHandler) private readonly handler: RecordPaymentHandler,
    @Inject(PAYMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Record a TED or manual payment: allocated to its charge (oldest debt first, the rest as credit), or parked without one' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordPaymentBody) })
  async record(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordPaymentRequest(body, brazilDate(this.clock.now()))));
  }
}
