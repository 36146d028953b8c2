import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { CreateCallTaskHandler } from './create-call-task.handler';
import { createCallTaskBody, parseCreateCallTaskRequest } from './create-call-task.request';

@ApiTags('call tasks')
@ApiBearerAuth()
@Controller('call-tasks')
export class CreateCallTaskHttpController {
  constructor(@Inject(CreateCallTaskHandler) private readonly handler: CreateCallTaskHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor', 'admin', 'integrator')
  @ApiOperation({ summary: 'Put a call task in a queue by hand' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(createCallTaskBody) })
  async create(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseCreateCallTaskRequest(body)));
  }
}
