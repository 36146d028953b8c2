import { Body, Controller, Get, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, schema, valueOrProblem } from '@collections/shared-service-kit';
import { GetFollowUpRulesHandler, SetFollowUpRulesHandler, parseSetFollowUpRulesRequest, setFollowUpRulesBody } from './follow-up-rules';

@ApiTags('call-tasks')
@ApiBearerAuth()
@Controller('call-follow-ups')
export class FollowUpRulesHttpController {
  constructor(
    @Inject(SetFollowUpRulesHandler) private readonly set: SetFollowUpRulesHandler,
    @Inject(GetFollowUpRulesHandler) private readonly get: GetFollowUpRulesHandler,
  ) {}

  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "The tenant's follow-up table: minutes after a call's outcome before the next call (null: none); outcomes not named keep theirs" })
  @ApiBody({ schema: schema(setFollowUpRulesBody) })
  async put(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.set.execute(httpContext(principal, req), parseSetFollowUpRulesRequest(body)));
  }

  @Get()
  @Roles('supervisor', 'admin', 'agent', 'auditor')
  @ApiOperation({ summary: "The follow-up table as it applies (the tenant's rows over the defaults)" })
  async read(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.get.execute({ principal }));
  }
}
