import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@collections/shared-auth';
import { asyncApiDocument } from './asyncapi';

@ApiTags('reporting')
@Controller()
export class AsyncApiHttpController {
  private readonly document = asyncApiDocument();

  /** The contracts are the platform's published interface, like /docs: readable without a token. */
  @Get('asyncapi.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 catalogue of every Kafka topic and integration event of the platform, generated from the contracts' })
  get() {
    return this.document;
  }
}
