import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownUuid } from '../../shared/ids';
import { ChargeDocumentsHandler } from './charge-documents.handler';

const READERS = ['integrator', 'agent', 'supervisor', 'auditor', 'admin'] as const;

@ApiTags('charges')
@ApiBearerAuth()
@Controller('charges')
export class ChargeDocumentsHttpController {
  constructor(@Inject(ChargeDocumentsHandler) private readonly handler: ChargeDocumentsHandler) {}

  @Get(':chargeId/qr.png')
  @Roles(...READERS)
  @ApiProduces('image/png')
  @ApiOperation({ summary: "The charge's PIX QR code (PNG)" })
  async png(@CurrentPrincipal() principal: Principal, @Param('chargeId') chargeId: string) {
    const image = valueOrProblem(await this.handler.qr({ principal }, knownUuid(chargeId, 'charge'), 'png'));
    return new StreamableFile(image as Buffer, { type: 'image/png' });
  }

  @Get(':chargeId/qr.svg')
  @Roles(...READERS)
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: "The charge's PIX QR code (SVG)" })
  async svg(@CurrentPrincipal() principal: Principal, @Param('chargeId') chargeId: string) {
    const image = valueOrProblem(await this.handler.qr({ principal }, knownUuid(chargeId, 'charge'), 'svg'));
    return new StreamableFile(Buffer.from(image as string, 'utf8'), { type: 'image/svg+xml' });
  }

  @Get(':chargeId/boleto.pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "The charge's boleto (PDF with its Interleaved 2 of 5 barcode)" })
  async pdf(@CurrentPrincipal() principal: Principal, @Param('chargeId') chargeId: string) {
    const id = knownUuid(chargeId, 'charge');
    const pdf = valueOrProblem(await this.handler.boletoPdf({ principal }, id));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="boleto-${id}.pdf"` });
  }
}
