import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownLetterId } from '../../shared/ids';
import { GetLetterHandler } from './get-letter.handler';

@ApiTags('letters')
@ApiBearerAuth()
@Controller('letters')
export class GetLetterHttpController {
  constructor(@Inject(GetLetterHandler) private readonly handler: GetLetterHandler) {}

  @Get(':letterId')
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A letter issued by a cadence step, as the PDF sent' })
  async get(@CurrentPrincipal() principal: Principal, @Param('letterId') letterId: string) {
    const letter = valueOrProblem(await this.handler.execute({ principal }, knownLetterId(letterId)));
    return new StreamableFile(letter.pdf, { type: 'application/pdf', disposition: `inline; filename="letter-${letter.letterId}.pdf"` });
  }
}
