import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { DebtorId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { readDebtor, type DebtorView } from '../debtor.view';

/** A debtor, folded from its stream: always consistent with the caller's own writes. */
export class GetDebtorHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, debtorId: DebtorId): Promise<Outcome<DebtorView>> {
    const view = await readDebtor(this.deps, ctx.principal.tenantId, debtorId);
    return view ? done(view) : notFound(`debtor ${debtorId} not found`);
  }
}
