import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { PAYMENTS_DEPS } from '../../shared/tokens';
import { listUnmatched } from './list-unmatched.query';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation/unmatched')
export class ListUnmatchedHttpController {
  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  @Get()
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'Payments no charge was found for (unknown txid or nosso número, a TED without one), oldest first' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await listUnmatched(this.deps.store.driver, principal.tenantId) };
  }
}
