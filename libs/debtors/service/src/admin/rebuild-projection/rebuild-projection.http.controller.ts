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
  @Roles('admin')
  @ApiOperation({ summary: 'Empty a read model and replay the whole log into it' })
  async rebuild(@Param('name') name: string) {
    return valueOrProblem(await this.handler.execute(name));
  }
}
