import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { OpenDisputeHandler } from './open-dispute.handler';
import { openDisputeBody, parseOpenDisputeRequest } from './open-dispute.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class OpenDisputeHttpController {
  constructor(@Inject(OpenDisputeHandler) private readonly handler: OpenDisputeHandler) {}

  @Post(':debtId/dispute')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open a dispute' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(openDisputeBody) })
  async openDispute(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOpenDisputeRequest(debtId, body)));
  }
}
