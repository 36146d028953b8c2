import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { CancelAgreementHandler } from './cancel-agreement.handler';
import { cancelAgreementBody, parseCancelAgreementRequest } from './cancel-agreement.request';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class CancelAgreementHttpController {
  constructor(@Inject(CancelAgreementHandler) private readonly handler: CancelAgreementHandler) {}

  @Post(':agreementId/cancel')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Cancel an active agreement (by the debtor or the creditor)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(cancelAgreementBody) })
  async cancel(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('agreementId') agreementId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseCancelAgreementRequest(agreementId, body)));
  }
}
