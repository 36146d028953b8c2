import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, valueOrProblem } from '@collections/shared-service-kit';
import { knownQueueName } from '../call-task-queue';
import { TakeNextCallTaskHandler } from './take-next-call-task.handler';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-queues')
export class TakeNextCallTaskHttpController {
  constructor(@Inject(TakeNextCallTaskHandler) private readonly handler: TakeNextCallTaskHandler) {}

  @Post(':queue/next')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'Take the next call task of a queue (held by the caller under a lease); 204 when none is due' })
  @ApiHeader(IDEMPOTENCY)
  async next(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('queue') queue: string) {
    const { task } = valueOrProblem(await this.handler.execute(httpContext(principal, req), knownQueueName(queue)));
    if (task === null) res.status(204);
    return task ?? undefined;
  }
}
