import { createReadStream } from 'node:fs';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { NotFoundProblem } from '@collections/shared-nest';
import { ReportingDepsToken } from '../../shared/deps.token';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { REPORTING_ROLES } from '../../shared/roles';
import { EXPORTABLE, type Exportable } from '../export-csv/export-csv';
import { parquetOf } from './export-parquet';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/exports')
export class ExportParquetHttpController {
  constructor(@Inject(ReportingDepsToken) private readonly deps: ReportingDeps) {}

  @Get(':model.parquet')
  @Roles(...REPORTING_ROLES)
  @ApiProduces('application/vnd.apache.parquet')
  @ApiOperation({ summary: "A read model of the caller's tenant as Parquet (written by DuckDB, typed columns, zstd): `events` or `facts`" })
  async export(@CurrentPrincipal() principal: Principal, @Param('model') model: string, @Res() res: Response): Promise<void> {
    if (!Object.hasOwn(EXPORTABLE, model)) throw new NotFoundProblem(`no read model named ${model.slice(0, 40)}`);
    const parquet = await parquetOf(this.deps.driver, principal.tenantId, model as Exportable);
    res.status(200).setHeader('content-type', 'application/vnd.apache.parquet');
    res.setHeader('content-disposition', `attachment; filename="reporting-${model}.parquet"`);
    const stream = createReadStream(parquet.file);
    const removed = () => void parquet.remove();
    stream.once('close', removed);
    stream.pipe(res);
  }
}
