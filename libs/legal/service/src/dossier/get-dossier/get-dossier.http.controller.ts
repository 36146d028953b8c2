import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtId } from '../../shared/ids';
import { renderDossierPdf } from '../dossier-pdf';
import { GetDossierHandler } from './get-dossier.handler';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class GetDossierHttpController {
  constructor(@Inject(GetDossierHandler) private readonly handler: GetDossierHandler) {}

  @Get(':debtId/dossier')
  @Roles('supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: "The lawsuit dossier (JSON): the escalation's steps with the state after each, the notice proof, the debt's history and hash-chain verification from the debtors API" })
  async json(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownDebtId(debtId)));
  }

  @Get(':debtId/dossier.pdf')
  @Roles('supervisor', 'auditor', 'admin')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The lawsuit dossier as a PDF' })
  async pdf(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string) {
    const dossier = valueOrProblem(await this.handler.execute({ principal }, knownDebtId(debtId)));
    return new StreamableFile(await renderDossierPdf(dossier));
  }
}
