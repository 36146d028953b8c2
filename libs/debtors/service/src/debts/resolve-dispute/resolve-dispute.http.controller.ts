import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ResolveDisputeHandler } from './resolve-dispute.handler';
import { resolveDisputeBody, parseResolveDisputeRequest } from './resolve-dispute.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class ResolveDisputeHttpController {
  constructor(@Inject(ResolveDisputeHandler) private readonly handler: ResolveDisputeHandler) {}

  @Post(':debtId/dispute/resolution')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Resolve the dispute: upheld cancels the debt, rejected resumes collection' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(resolveDisputeBody) })
  async resolveDispute(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseResolveDisputeRequest(debtId, body)));
  }
}
