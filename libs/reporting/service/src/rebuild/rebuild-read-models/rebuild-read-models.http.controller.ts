import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { ReportingDepsToken } from '../../shared/deps.token';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { rebuildReadModels } from './rebuild-read-models';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class RebuildReadModelsHttpController {
  constructor(@Inject(ReportingDepsToken) private readonly deps: ReportingDeps) {}

  /** Safe to repeat: the facts come out the same from the same events. */
  @Post('rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Rebuild the caller's tenant's facts from every event received since the start (the same derivation the consumer runs); answers how many and how long" })
  async rebuild(@CurrentPrincipal() principal: Principal) {
    return rebuildReadModels(this.deps.driver, principal.tenantId);
  }
}
