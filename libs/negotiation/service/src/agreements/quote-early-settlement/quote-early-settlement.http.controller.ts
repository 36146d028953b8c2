import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { QuoteEarlySettlementHandler } from './quote-early-settlement.handler';
import { parseQuoteEarlySettlementRequest, quoteEarlySettlementBody } from './quote-early-settlement.request';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class QuoteEarlySettlementHttpController {
  constructor(@Inject(QuoteEarlySettlementHandler) private readonly handler: QuoteEarlySettlementHandler) {}

  @Post(':agreementId/early-settlement')
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Quote paying the rest of an agreement at once, with the interest of what is not yet due taken off' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(quoteEarlySettlementBody), required: false })
  async quote(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('agreementId') agreementId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseQuoteEarlySettlementRequest(agreementId, body)));
  }
}
