import { Controller, Headers, HttpCode, Inject, Logger, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { ValidationError } from '@collections/shared-kernel';
import { DebtorsApplication } from '../application/debtors.application';
import { importPortfolio, type ImportFormat } from '../import/bulk-import';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsHttpController {
  private readonly logger = new Logger('Import');

  constructor(@Inject(DebtorsApplication) private readonly application: DebtorsApplication) {}

  @Post()
  @HttpCode(200)
  @Roles('integrator', 'admin')
  @ApiOperation({
    summary: 'Import a portfolio: a CSV (header row) or NDJSON stream of debtors and their debts',
    description:
      'Columns/fields: taxId, name, state, timeZone, phone, email, contractReference, amount (reais), currency, dueDate, lateFeeRate, monthlyInterestRate. ' +
      'The body is streamed (any size, constant memory). Re-importing the same file changes nothing (ids derive from CPF/CNPJ and contract reference). ' +
      'The answer reports rows, imported, already present, failed, and the problems by row and field.',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  async import(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Headers('content-type') contentType = '', @Query('batchSize') batchSize?: string) {
    const format: ImportFormat | undefined = contentType.startsWith('text/csv') ? 'csv' : contentType.startsWith('application/x-ndjson') ? 'ndjson' : undefined;
    if (!format) throw ValidationError.of('Content-Type', 'must be text/csv or application/x-ndjson');
    return importPortfolio(this.application, { principal }, request, format, {
      onProgress: (p) => this.logger.log(`import for ${principal.tenantId}: ${p.rows} rows read, ${p.imported} imported, ${p.alreadyPresent} present, ${p.failed} failed`),
      progressEvery: 5000,
      batchSize: Math.min(1000, Math.max(1, Number(batchSize) || 500)),
    });
  }
}
