import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, valueOrProblem } from '@collections/shared-service-kit';
import { RequestErasureHandler } from './request-erasure.handler';
import { parseRequestErasureRequest } from './request-erasure.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class RequestErasureHttpController {
  constructor(@Inject(RequestErasureHandler) private readonly handler: RequestErasureHandler) {}

  @Post(':debtorId/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'LGPD art. 18 erasure: destroys the debtor’s key; history stays, personal data becomes unreadable' })
  @ApiHeader(IDEMPOTENCY)
  async erase(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtorId') debtorId: string) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRequestErasureRequest(debtorId)));
  }
}
