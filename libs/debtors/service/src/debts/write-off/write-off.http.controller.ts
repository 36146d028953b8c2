import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { WriteOffHandler } from './write-off.handler';
import { writeOffBody, parseWriteOffRequest } from './write-off.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class WriteOffHttpController {
  constructor(@Inject(WriteOffHandler) private readonly handler: WriteOffHandler) {}

  @Post(':debtId/write-off')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Write the debt off (baixa por perda)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(writeOffBody) })
  async writeOff(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseWriteOffRequest(debtId, body)));
  }
}
