import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { knownPaymentId } from '../../shared/ids';
import { GetPaymentHandler } from './get-payment.handler';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class GetPaymentHttpController {
  constructor(@Inject(GetPaymentHandler) private readonly handler: GetPaymentHandler) {}

  @Get(':paymentId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A payment: its allocations to debts, its credit, or parked' })
  async get(@CurrentPrincipal() principal: Principal, @Param('paymentId') paymentId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, knownPaymentId(paymentId)));
  }
}
