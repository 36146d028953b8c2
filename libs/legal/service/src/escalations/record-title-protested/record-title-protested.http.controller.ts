import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RecordTitleProtestedHandler } from './record-title-protested.handler';
import { parseRecordTitleProtestedRequest, recordTitleProtestedBody } from './record-title-protested.request';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class RecordTitleProtestedHttpController {
  constructor(@Inject(RecordTitleProtestedHandler) private readonly handler: RecordTitleProtestedHandler) {}

  @Post(':debtId/protest/protested')
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: "Record the notary's answer that the title was protested (its protocol); refused while the debtor's 3 business days after the notice run" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordTitleProtestedBody) })
  async record(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordTitleProtestedRequest(debtId, body)));
  }
}
