import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@collections/shared-auth';
import type { Clock } from '@collections/shared-kernel';
import { schema } from '@collections/shared-service-kit';
import { brazilDate } from '../../shared/payments-deps';
import { PAYMENTS_CLOCK } from '../../shared/tokens';
import { validateBoletoLine } from './validate-boleto.handler';
import { parseValidateBoletoRequest, validateBoletoBody } from './validate-boleto.request';

@ApiTags('boletos')
@ApiBearerAuth()
@Controller('boletos')
export class ValidateBoletoHttpController {
  constructor(@Inject(PAYMENTS_CLOCK) private readonly clock: Clock) {}

  @Post('validate')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'Check a typed boleto line (47 digits) or barcode (44): which check digit is wrong, or its bank, due date and amount' })
  @ApiBody({ schema: schema(validateBoletoBody) })
  validate(@Body() body: unknown) {
    return validateBoletoLine(parseValidateBoletoRequest(body).line, brazilDate(this.clock.now()));
  }
}
