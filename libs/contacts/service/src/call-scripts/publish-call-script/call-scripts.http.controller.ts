import { Body, Controller, Get, HttpCode, Inject, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { knownSegment } from '../call-scripts';
import { GetCallScriptHandler, PublishCallScriptHandler, parsePublishCallScriptRequest, publishCallScriptBody } from './publish-call-script.handler';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-scripts')
export class CallScriptsHttpController {
  constructor(
    @Inject(PublishCallScriptHandler) private readonly publish: PublishCallScriptHandler,
    @Inject(GetCallScriptHandler) private readonly get: GetCallScriptHandler,
  ) {}

  @Put(':segment')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      "Publish the segment's call script (the next version): ordered steps { id, text, kind }; the first identifies the right party, one states the creditor. Kinds: identify-right-party, state-creditor, disclose-debt, offer, other",
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(publishCallScriptBody) })
  async put(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('segment') segment: string, @Body() body: unknown) {
    return valueOrProblem(await this.publish.execute(httpContext(principal, req), parsePublishCallScriptRequest(knownSegment(segment), body)));
  }

  @Get(':segment')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "The segment's call script as served now (version 0: the default, the tenant published none)" })
  async read(@CurrentPrincipal() principal: Principal, @Param('segment') segment: string) {
    return valueOrProblem(await this.get.execute({ principal }, knownSegment(segment)));
  }
}
