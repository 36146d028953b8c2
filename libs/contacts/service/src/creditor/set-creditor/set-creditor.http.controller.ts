import { Body, Controller, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, schema, valueOrProblem } from '@collections/shared-service-kit';
import { SetCreditorHandler } from './set-creditor.handler';
import { parseSetCreditorRequest, setCreditorBody } from './set-creditor.request';

@ApiTags('creditor')
@ApiBearerAuth()
@Controller('creditor')
export class SetCreditorHttpController {
  constructor(@Inject(SetCreditorHandler) private readonly handler: SetCreditorHandler) {}

  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "The creditor's name, address and CPF/CNPJ that every message shows (CDC art. 42-A)" })
  @ApiBody({ schema: schema(setCreditorBody) })
  async set(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseSetCreditorRequest(body)));
  }
}
