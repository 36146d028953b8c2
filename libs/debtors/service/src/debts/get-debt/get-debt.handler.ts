import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { readDebt, type DebtView } from '../debt.view';
import type { GetDebtRequest } from './get-debt.request';

/** A debt, folded from its stream: always consistent with the caller's own writes. */
export class GetDebtHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: GetDebtRequest): Promise<Outcome<DebtView>> {
    const view = await readDebt(this.deps, ctx.principal.tenantId, request.debtId, request.balanceAsOf ?? this.deps.calendar.today());
    return view ? done(view) : notFound(`debt ${request.debtId} not found`);
  }
}
