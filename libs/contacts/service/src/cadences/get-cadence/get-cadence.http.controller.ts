import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownCadenceId } from '../../shared/ids';
import { GetCadenceHandler } from './get-cadence.handler';

@ApiTags('cadences')
@ApiBearerAuth()
@Controller('cadences')
export class GetCadenceHttpController {
  constructor(@Inject(GetCadenceHandler) private readonly handler: GetCadenceHandler) {}

  @Get(':cadenceId')
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  @ApiOperation({ summary: 'A cadence at its current version' })
  async get(@CurrentPrincipal() principal: Principal, @Param('cadenceId') cadenceId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownCadenceId(cadenceId)));
  }
}
