import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { CompleteCallTaskHandler } from './complete-call-task.handler';
import { completeCallTaskBody, parseCompleteCallTaskRequest } from './complete-call-task.request';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-tasks')
export class CompleteCallTaskHttpController {
  constructor(@Inject(CompleteCallTaskHandler) private readonly handler: CompleteCallTaskHandler) {}

  @Post(':taskId/completion')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'Complete a call task the caller holds, with the outcome of the call' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(completeCallTaskBody) })
  async complete(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('taskId') taskId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseCompleteCallTaskRequest(taskId, body)));
  }
}
