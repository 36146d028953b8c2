import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RegisterDebtHandler } from './register-debt.handler';
import { parseRegisterDebtRequest, registerDebtBody } from './register-debt.request';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class RegisterDebtHttpController {
  constructor(@Inject(RegisterDebtHandler) private readonly handler: RegisterDebtHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Register a debt (título) of a registered debtor; late fee at most 2% (CDC art. 52 §1)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(registerDebtBody) })
  async register(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRegisterDebtRequest(body)));
  }
}
