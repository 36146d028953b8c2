import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, schema, valueOrProblem } from '@collections/shared-service-kit';
import { ImportFileHandler } from './import-file.handler';
import { RAW_FILE_LIMIT_BYTES, importFileBody, parseImportFileRequest, parseRawImportFile } from './import-file.request';

class FileTooLarge extends HttpException {
  constructor() {
    super({ type: 'about:blank', title: 'Payload Too Large', status: 413, detail: `a file of at most ${RAW_FILE_LIMIT_BYTES} bytes` }, 413);
  }
}

/** The raw body of a text/plain or octet-stream request (no parser of the kit reads it), bounded. */
async function rawBytes(request: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > RAW_FILE_LIMIT_BYTES) throw new FileTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation/files')
export class ImportFileHttpController {
  constructor(@Inject(ImportFileHandler) private readonly handler: ImportFileHandler) {}

  // No Idempotency-Key: the file's entries are their own keys (the same file again changes nothing).
  @Post()
  @HttpCode(200)
  @Roles('integrator', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Import a CNAB 240/400 return file or an OFX statement: a report per line; the good lines imported, a re-import changes nothing',
    description: 'The file as its own bytes (Content-Type text/plain or application/octet-stream), or a small one inside JSON: { "content": "..." }.',
  })
  @ApiConsumes('application/json', 'text/plain', 'application/octet-stream')
  @ApiBody({ schema: schema(importFileBody) })
  async import(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    const type = req.header('content-type') ?? '';
    const request = /^(text\/plain|application\/octet-stream)/.test(type) ? parseRawImportFile(await rawBytes(req)) : parseImportFileRequest(body);
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), request));
  }
}
