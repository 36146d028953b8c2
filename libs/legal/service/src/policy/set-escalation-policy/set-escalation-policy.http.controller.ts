import { Body, Controller, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { SetEscalationPolicyHandler } from './set-escalation-policy.handler';
import { parseSetEscalationPolicyRequest, setEscalationPolicyBody } from './set-escalation-policy.request';

@ApiTags('escalation policy')
@ApiBearerAuth()
@Controller('escalation-policy')
export class SetEscalationPolicyHttpController {
  constructor(@Inject(SetEscalationPolicyHandler) private readonly handler: SetEscalationPolicyHandler) {}

  @Put()
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: "Set the tenant's escalation policy (a new version when the terms change); a notice period below the legal minimum is refused" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(setEscalationPolicyBody) })
  async set(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseSetEscalationPolicyRequest(body)));
  }
}
