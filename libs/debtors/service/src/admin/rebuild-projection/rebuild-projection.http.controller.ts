import { Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { RebuildProjectionHandler } from './rebuild-projection.handler';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class RebuildProjectionHttpController {
  constructor(@Inject(RebuildProjectionHandler) private readonly handler: RebuildProjectionHandler) {}

  @Post('projections/:name/rebuild')
  // A read model holds every tenant's rows: rebuilding it is the platform's operation, not a tenant admin's.
  @Roles('platform-operator')
  @ApiOperation({ summary: 'Empty a read model and replay the whole log into it (every tenant): platform operators only' })
  async rebuild(@Param('name') name: string) {
    return valueOrProblem(await this.handler.execute(name));
  }
}
