import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ImportFileHandler } from './import-file.handler';
import { importFileBody, parseImportFileRequest } from './import-file.request';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation/files')
export class ImportFileHttpController {
  constructor(@Inject(ImportFileHandler) private readonly handler: ImportFileHandler) {}

  // No Idempotency-Key: the file's entries are their own keys (the same file again changes nothing).
  @Post()
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Import a CNAB 240/400 return file or an OFX statement: a report per line; the good lines imported, a re-import changes nothing' })
  @ApiBody({ schema: schema(importFileBody) })
  async import(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseImportFileRequest(body)));
  }
}
