import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import {
  DebtorsApplication,
  openDisputeBody,
  recordPaymentBody,
  registerDebtBody,
  resolveDisputeBody,
  writeOffBody,
} from '../application/debtors.application';
import { IDEMPOTENCY, httpContext, schema } from '@collections/shared-service-kit';
import { send } from './send';


@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class DebtsHttpController {
  constructor(@Inject(DebtorsApplication) private readonly application: DebtorsApplication) {}

  @Post()
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Register a debt (título) of a registered debtor; late fee at most 2% (CDC art. 52 §1)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(registerDebtBody) })
  async register(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.registerDebt(httpContext(principal, req), body));
  }

  @Get()
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'List debts by status and aging bucket, oldest first, with keyset pagination' })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'agingBucket', required: false })
  @ApiQuery({ name: 'debtorId', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiQuery({ name: 'pageToken', required: false })
  list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, string>) {
    return this.application.listDebts({ principal }, query);
  }

  @Get(':debtId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A debt with its balance as of a date (default: today in Brazil)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD' })
  get(@CurrentPrincipal() principal: Principal, @Param('debtId') debtId: string, @Query('asOf') asOf?: string) {
    return this.application.getDebt({ principal }, debtId, asOf);
  }

  @Post(':debtId/payments')
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Record a payment (idempotent by paymentId); allocated to interest, then fee, then principal' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordPaymentBody) })
  async pay(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.recordPayment(httpContext(principal, req), debtId, body));
  }

  @Post(':debtId/dispute')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open a dispute' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(openDisputeBody) })
  async openDispute(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.openDispute(httpContext(principal, req), debtId, body));
  }

  @Post(':debtId/dispute/resolution')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Resolve the dispute: upheld cancels the debt, rejected resumes collection' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(resolveDisputeBody) })
  async resolveDispute(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.resolveDispute(httpContext(principal, req), debtId, body));
  }

  @Post(':debtId/write-off')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Write the debt off (baixa por perda)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(writeOffBody) })
  async writeOff(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.writeOff(httpContext(principal, req), debtId, body));
  }
}
