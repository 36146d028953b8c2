import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { CancelChargeHandler } from './cancel-charge.handler';
import { cancelChargeBody, parseCancelChargeRequest } from './cancel-charge.request';

@ApiTags('charges')
@ApiBearerAuth()
@Controller('charges')
export class CancelChargeHttpController {
  constructor(@Inject(CancelChargeHandler) private readonly handler: CancelChargeHandler) {}

  @Post(':chargeId/cancel')
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Cancel an open charge (its PIX and boleto are not to be paid any more)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(cancelChargeBody), required: false })
  async cancel(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('chargeId') chargeId: string, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseCancelChargeRequest(chargeId, body)));
  }
}
