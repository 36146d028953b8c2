import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { OpenContactsHandler } from './open-contacts.handler';
import { openContactsBody, parseOpenContactsRequest } from './open-contacts.request';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class OpenContactsHttpController {
  constructor(@Inject(OpenContactsHandler) private readonly handler: OpenContactsHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open a Contacts' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(openContactsBody) })
  async open(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOpenContactsRequest(body)));
  }
}
