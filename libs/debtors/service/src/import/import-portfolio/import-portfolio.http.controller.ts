import { Controller, Headers, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { ValidationError } from '@collections/shared-kernel';
import { ImportPortfolioHandler } from './import-portfolio.handler';
import { importPortfolio, type ImportFormat, type ImportReport } from './import-portfolio';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportPortfolioHttpController {
  private readonly logger = new Logger('Import');

  constructor(@Inject(ImportPortfolioHandler) private readonly handler: ImportPortfolioHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('integrator', 'admin')
  @ApiOperation({
    summary: 'Import a portfolio: a CSV (header row) or NDJSON stream of debtors and their debts',
    description:
      'Columns/fields: taxId, name, state, timeZone, phone, email, phoneConsent and emailConsent (granted | not_granted; empty: not granted), contractReference, amount (reais), currency, dueDate, lateFeeRate, monthlyInterestRate, segment, portfolio (both optional, 1-50 characters). ' +
      'The body is streamed (any size, constant memory). Re-importing the same file changes nothing (ids derive from CPF/CNPJ and contract reference). ' +
      'The answer reports rows, imported, already present, failed, and the problems by row and field. ' +
      'With `Accept: application/x-ndjson` the answer is a stream of lines instead: `{"progress":{...}}` every 1,000 rows, then `{"report":{...}}` ' +
      '(or `{"error":{...}}` if the import stopped on an error of the service; the rows before it are kept). ' +
      'Without it, such an error is a 500 problem.',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
    @Headers('content-type') contentType = '',
    @Headers('accept') accept = '',
    @Query('batchSize') batchSize?: string,
  ): Promise<void> {
    const format: ImportFormat | undefined = contentType.startsWith('text/csv') ? 'csv' : contentType.startsWith('application/x-ndjson') ? 'ndjson' : undefined;
    if (!format) throw ValidationError.of('Content-Type', 'must be text/csv or application/x-ndjson');
    const streamed = accept.includes('application/x-ndjson');
    const options = {
      onProgress: (p: Omit<ImportReport, 'errors' | 'seconds'>) => {
        this.logger.log(`import for ${principal.tenantId}: ${p.rows} rows read, ${p.imported} imported, ${p.alreadyPresent} present, ${p.failed} failed`);
        if (streamed) response.write(`${JSON.stringify({ progress: p })}\n`);
      },
      progressEvery: streamed ? 1000 : 5000,
      batchSize: Math.min(1000, Math.max(1, Number(batchSize) || 500)),
    };
    if (!streamed) {
      response.status(200).json(await importPortfolio(this.handler, { principal }, request, format, options));
      return;
    }
    response.status(200).type('application/x-ndjson');
    response.flushHeaders();
    try {
      const report = await importPortfolio(this.handler, { principal }, request, format, options);
      response.end(`${JSON.stringify({ report })}\n`);
    } catch (error) {
      // The status line is gone already: the failure is the stream's last line. Its cause
      // (a database error's text, say) goes to the log, not to the client.
      this.logger.error({ err: error }, `import for ${principal.tenantId} stopped: ${(error as Error).message}`);
      const detail = 'the import stopped on an error of the service (logged); the rows reported before this line are kept, the others were not imported';
      response.end(`${JSON.stringify({ error: { title: 'import stopped', status: 500, detail } })}\n`);
    }
  }
}
