import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, valueOrProblem } from '@collections/shared-service-kit';
import { knownCallTaskId } from '../call-task-queue';
import { DialCallTaskHandler } from './dial-call-task.handler';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-tasks')
export class DialCallTaskHttpController {
  constructor(@Inject(DialCallTaskHandler) private readonly handler: DialCallTaskHandler) {}

  @Post(':taskId/dial')
  @HttpCode(201)
  @Roles('agent')
  @ApiOperation({ summary: "Click-to-call: the dialer rings the debtor's phone (with consent, not opted out) for the task's holder; answers the dialer's call id" })
  @ApiHeader(IDEMPOTENCY)
  async dial(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('taskId') taskId: string) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), knownCallTaskId(taskId)));
  }
}
