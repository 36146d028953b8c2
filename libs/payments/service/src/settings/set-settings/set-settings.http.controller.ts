import { Body, Controller, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, schema, valueOrProblem } from '@collections/shared-service-kit';
import { SetSettingsHandler } from './set-settings.handler';
import { parseSetSettingsRequest, setSettingsBody } from './set-settings.request';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SetSettingsHttpController {
  constructor(@Inject(SetSettingsHandler) private readonly handler: SetSettingsHandler) {}

  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "The tenant's PIX receiver (key, merchant, PSP location), bank agreement for boletos, and PIX webhook secret" })
  @ApiBody({ schema: schema(setSettingsBody) })
  async set(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseSetSettingsRequest(body)));
  }
}
