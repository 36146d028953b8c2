import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { NotFoundProblem } from '@collections/shared-nest';
import { ReportingDepsToken } from '../../shared/deps.token';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { REPORTING_ROLES } from '../../shared/roles';
import { csvOf, EXPORTABLE, type Exportable } from './export-csv';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/exports')
export class ExportCsvHttpController {
  constructor(@Inject(ReportingDepsToken) private readonly deps: ReportingDeps) {}

  @Get(':model.csv')
  @Roles(...REPORTING_ROLES)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "A read model of the caller's tenant as CSV, streamed: `events` (every integration event received, payload as JSON) or `facts` (what the KPIs are computed from)" })
  async export(@CurrentPrincipal() principal: Principal, @Param('model') model: string, @Res() res: Response): Promise<void> {
    if (!Object.hasOwn(EXPORTABLE, model)) throw new NotFoundProblem(`no read model named ${model.slice(0, 40)}`);
    const rows = csvOf(this.deps.driver, principal.tenantId, model as Exportable);
    // the first page is read before the headers go out, so a failure is still a problem+json answer
    const first = await rows.next();
    res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="reporting-${model}.csv"`);
    if (!first.done) res.write(first.value);
    try {
      for await (const chunk of rows) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
    } finally {
      res.end();
    }
  }
}
