import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { PlaceHoldHandler } from './place-hold.handler';
import { parsePlaceHoldRequest, placeHoldBody } from './place-hold.request';

@ApiTags('holds')
@ApiBearerAuth()
@Controller('debts')
export class PlaceHoldHttpController {
  constructor(@Inject(PlaceHoldHandler) private readonly handler: PlaceHoldHandler) {}

  @Post(':debtId/holds')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'admin', 'integrator')
  @ApiOperation({ summary: "Pause a debt's cadence (deceased, bankruptcy, by hand)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(placeHoldBody) })
  async place(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parsePlaceHoldRequest(debtId, body)));
  }
}
