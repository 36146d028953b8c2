import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RequestListingHandler } from './request-listing.handler';
import { parseRequestListingRequest, requestListingBody } from './request-listing.request';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class RequestListingHttpController {
  constructor(@Inject(RequestListingHandler) private readonly handler: RequestListingHandler) {}

  @Post(':debtId/listing')
  @HttpCode(202)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'List the debt at the bureaus by hand; refused (422, with the rule, recorded as evidence) without a sent notice and its period over, in dispute, in agreement, paid or over 5 years past due' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(requestListingBody) })
  async request(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRequestListingRequest(debtId, body)));
  }
}
