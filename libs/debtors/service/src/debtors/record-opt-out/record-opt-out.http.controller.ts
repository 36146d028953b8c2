import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RecordOptOutHandler } from './record-opt-out.handler';
import { parseRecordOptOutRequest, recordOptOutBody } from './record-opt-out.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class RecordOptOutHttpController {
  constructor(@Inject(RecordOptOutHandler) private readonly handler: RecordOptOutHandler) {}

  @Post(':debtorId/contact-points/:contactPointId/opt-out')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Record that the debtor asked not to be contacted on this channel again (kept across later syncs)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordOptOutBody) })
  async recordOptOut(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Param('debtorId') debtorId: string,
    @Param('contactPointId') contactPointId: string,
    @Body() body: unknown,
  ) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordOptOutRequest(debtorId, contactPointId, body)));
  }
}
