import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { HandOffLawsuitHandler } from './hand-off-lawsuit.handler';
import { handOffLawsuitBody, parseHandOffLawsuitRequest } from './hand-off-lawsuit.request';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class HandOffLawsuitHttpController {
  constructor(@Inject(HandOffLawsuitHandler) private readonly handler: HandOffLawsuitHandler) {}

  @Post(':debtId/lawsuit')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Hand the debt to the creditor's lawyers (LawsuitHandedOff v1); refused (422) for a debt paid, in agreement or written off" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(handOffLawsuitBody) })
  async handOff(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseHandOffLawsuitRequest(debtId, body)));
  }
}
