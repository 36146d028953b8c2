import { Body, Controller, HttpCode, Inject, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { UpdateContactPointsHandler } from './update-contact-points.handler';
import { parseUpdateContactPointsRequest, updateContactPointsBody } from './update-contact-points.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class UpdateContactPointsHttpController {
  constructor(@Inject(UpdateContactPointsHandler) private readonly handler: UpdateContactPointsHandler) {}

  @Put(':debtorId/contact-points')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'admin')
  @ApiOperation({ summary: 'Replace the contact points (consent and opt-out kept per channel)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(updateContactPointsBody) })
  async updateContactPoints(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtorId') debtorId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseUpdateContactPointsRequest(debtorId, body)));
  }
}
