import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { LookUpHandler } from './look-up.handler';
import { lookUpBody, parseLookUpRequest } from './look-up.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class LookUpHttpController {
  constructor(@Inject(LookUpHandler) private readonly handler: LookUpHandler) {}

  /** A read (no Idempotency-Key): POST only because the ids do not fit a URL. */
  @Post('lookup')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'Up to 500 debtors and 500 debts at once, each as its GET route answers it (null: not found)' })
  @ApiBody({ schema: schema(lookUpBody) })
  async lookUp(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parseLookUpRequest(body)));
  }
}
