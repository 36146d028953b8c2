import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { Clock } from '@collections/shared-kernel';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { brazilDate } from '../../shared/payments-deps';
import { PAYMENTS_CLOCK } from '../../shared/tokens';
import { IssueChargeHandler } from './issue-charge.handler';
import { issueChargeBody, parseIssueChargeRequest } from './issue-charge.request';

@ApiTags('charges')
@ApiBearerAuth()
@Controller('charges')
export class IssueChargeHttpController {
  constructor(
    @Inject(IssueChargeHandler) private readonly handler: IssueChargeHandler,
    @Inject(PAYMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Issue a charge (PIX with a txid; a boleto too when the tenant has a bank agreement) for a debt or an agreement installment' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(issueChargeBody) })
  async issue(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    const today = brazilDate(this.clock.now());
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseIssueChargeRequest(body, today), today));
  }
}
