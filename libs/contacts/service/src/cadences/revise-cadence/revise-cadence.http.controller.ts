import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ReviseCadenceHandler } from './revise-cadence.handler';
import { parseReviseCadenceRequest, reviseCadenceBody } from './revise-cadence.request';

@ApiTags('cadences')
@ApiBearerAuth()
@Controller('cadences')
export class ReviseCadenceHttpController {
  constructor(@Inject(ReviseCadenceHandler) private readonly handler: ReviseCadenceHandler) {}

  @Post(':cadenceId/revisions')
  @HttpCode(201)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Revise a cadence: a new version; debts in flight continue on it from their next step' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(reviseCadenceBody) })
  async revise(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('cadenceId') cadenceId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseReviseCadenceRequest(cadenceId, body)));
  }
}
