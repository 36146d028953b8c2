import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownCallTaskId } from '../call-task-queue';
import { GetCallTaskHandler } from './get-call-task.handler';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-tasks')
export class GetCallTaskHttpController {
  constructor(@Inject(GetCallTaskHandler) private readonly handler: GetCallTaskHandler) {}

  @Get(':taskId')
  @Roles('agent', 'supervisor', 'admin', 'auditor')
  @ApiOperation({ summary: 'A call task: its status, holder, outcome, steps done, recording, the script served and the notes decrypted (null, notesErased: true, after the debtor\'s erasure); an agent reads only tasks it held' })
  async get(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownCallTaskId(taskId)));
  }
}
