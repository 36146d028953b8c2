import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownQueueName } from '../call-task-queue';
import { GetCallQueueHandler } from './get-call-queue.handler';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-queues')
export class GetCallQueueHttpController {
  constructor(@Inject(GetCallQueueHandler) private readonly handler: GetCallQueueHandler) {}

  @Get(':queue')
  @Roles('supervisor', 'admin', 'auditor')
  @ApiOperation({ summary: "A queue's size, due and held counts, and the age of its oldest waiting task" })
  async get(@CurrentPrincipal() principal: Principal, @Param('queue') queue: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownQueueName(queue)));
  }
}
