import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { OpenReportingHandler } from './open-reporting.handler';
import { openReportingBody, parseOpenReportingRequest } from './open-reporting.request';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class OpenReportingHttpController {
  constructor(@Inject(OpenReportingHandler) private readonly handler: OpenReportingHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open a Reporting' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(openReportingBody) })
  async open(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOpenReportingRequest(body)));
  }
}
