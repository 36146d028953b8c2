import { Body, Controller, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { REPORTING_ROLES } from '../shared/roles';
import { GetChannelCostsHandler, parseSetChannelCostsRequest, SetChannelCostsHandler, setChannelCostsBody } from './channel-costs';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/channel-costs')
export class ChannelCostsHttpController {
  constructor(
    @Inject(SetChannelCostsHandler) private readonly set: SetChannelCostsHandler,
    @Inject(GetChannelCostsHandler) private readonly get: GetChannelCostsHandler,
  ) {}

  /** Safe to repeat: the same body leaves the same table. */
  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Replace the tenant's cost of a contact attempt per channel (integer centavos, 0 to 1,000,000); a channel not named has no cost configured" })
  @ApiBody({ schema: schema(setChannelCostsBody) })
  async put(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return valueOrProblem(await this.set.execute({ principal }, parseSetChannelCostsRequest(body)));
  }

  @Get()
  @Roles(...REPORTING_ROLES)
  @ApiOperation({ summary: 'The cost of a contact attempt per channel as configured (centavos)' })
  async read(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.get.execute({ principal }));
  }
}
