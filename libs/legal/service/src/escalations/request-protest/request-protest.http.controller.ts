import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtId } from '../../shared/ids';
import { RequestProtestHandler } from './request-protest.handler';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class RequestProtestHttpController {
  constructor(@Inject(RequestProtestHandler) private readonly handler: RequestProtestHandler) {}

  @Post(':debtId/protest')
  @HttpCode(202)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Protest the title at a notary (CENPROT); refused (422, with the rule) when the policy has protest off, or for a debt in dispute, agreement, paid or over 5 years past due" })
  @ApiHeader(IDEMPOTENCY)
  async request(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), knownDebtId(debtId)));
  }
}
