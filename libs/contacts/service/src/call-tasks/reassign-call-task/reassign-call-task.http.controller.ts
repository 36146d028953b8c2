import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ReassignCallTaskHandler } from './reassign-call-task.handler';
import { parseReassignCallTaskRequest, reassignCallTaskBody } from './reassign-call-task.request';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-tasks')
export class ReassignCallTaskHttpController {
  constructor(@Inject(ReassignCallTaskHandler) private readonly handler: ReassignCallTaskHandler) {}

  @Post(':taskId/assignment')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Give a call task to an agent' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(reassignCallTaskBody) })
  async assign(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('taskId') taskId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseReassignCallTaskRequest(taskId, body)));
  }
}
