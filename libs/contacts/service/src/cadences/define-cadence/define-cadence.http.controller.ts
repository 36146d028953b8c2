import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { DefineCadenceHandler } from './define-cadence.handler';
import { defineCadenceBody, parseDefineCadenceRequest } from './define-cadence.request';

@ApiTags('cadences')
@ApiBearerAuth()
@Controller('cadences')
export class DefineCadenceHttpController {
  constructor(@Inject(DefineCadenceHandler) private readonly handler: DefineCadenceHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Define a cadence (régua de cobrança): ordered steps by days from the due date; it becomes its segment's cadence" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(defineCadenceBody) })
  async define(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseDefineCadenceRequest(body)));
  }
}
