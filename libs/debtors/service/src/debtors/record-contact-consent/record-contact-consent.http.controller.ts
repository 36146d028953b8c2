import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RecordContactConsentHandler } from './record-contact-consent.handler';
import { parseRecordContactConsentRequest, recordConsentBody } from './record-contact-consent.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class RecordContactConsentHttpController {
  constructor(@Inject(RecordContactConsentHandler) private readonly handler: RecordContactConsentHandler) {}

  @Post(':debtorId/contact-points/:contactPointId/consent')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'admin')
  @ApiOperation({ summary: 'Record the consent given or withdrawn for one contact point (an opt-out stays in force)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordConsentBody) })
  async recordConsent(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Param('debtorId') debtorId: string,
    @Param('contactPointId') contactPointId: string,
    @Body() body: unknown,
  ) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRecordContactConsentRequest(debtorId, contactPointId, body)));
  }
}
