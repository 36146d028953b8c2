import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { OpenLegalHandler } from './open-legal.handler';
import { openLegalBody, parseOpenLegalRequest } from './open-legal.request';

@ApiTags('legal')
@ApiBearerAuth()
@Controller('legal')
export class OpenLegalHttpController {
  constructor(@Inject(OpenLegalHandler) private readonly handler: OpenLegalHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open a Legal' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(openLegalBody) })
  async open(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOpenLegalRequest(body)));
  }
}
