import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { RegisterDebtorHandler } from './register-debtor.handler';
import { parseRegisterDebtorRequest, registerDebtorBody } from './register-debtor.request';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class RegisterDebtorHttpController {
  constructor(@Inject(RegisterDebtorHandler) private readonly handler: RegisterDebtorHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Register a debtor (person by CPF or company by CNPJ)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(registerDebtorBody) })
  async register(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseRegisterDebtorRequest(body)));
  }
}
