import { Body, Controller, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { PublishPolicyHandler } from './publish-policy.handler';
import { parsePublishPolicyRequest, publishPolicyBody } from './publish-policy.request';

@ApiTags('policy')
@ApiBearerAuth()
@Controller('policy')
export class PublishPolicyHttpController {
  constructor(@Inject(PublishPolicyHandler) private readonly handler: PublishPolicyHandler) {}

  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Replace the tenant's negotiation policy with a new version (offers keep the version they were made under)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(publishPolicyBody) })
  async publish(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parsePublishPolicyRequest(body)));
  }
}
