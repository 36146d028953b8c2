import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RecordProtestNoticeHandler } from './record-protest-notice.handler';
import { parseRecordProtestNoticeRequest, recordProtestNoticeBody } from './record-protest-notice.request';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class RecordProtestNoticeHttpController {
  constructor(@Inject(RecordProtestNoticeHandler) private readonly handler: RecordProtestNoticeHandler) {}

  @Post(':debtId/protest/notice')
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: "Record the notary's notice to the debtor (intimação): the debtor may pay until 3 business days after it" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordProtestNoticeBody) })
  async record(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordProtestNoticeRequest(debtId, body)));
  }
}
