import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { readDebtor, type DebtorView } from '../../debtors/debtor.view';
import { readDebt, type DebtView } from '../../debts/debt.view';
import type { StateAsOfRequest } from './state-as-of.request';

/** From the log as it was recorded then: a debt with its balance as of that day, a debtor with what was known of it. */
export class StateAsOfHandler {
  constructor(private readonly deps: Pick<DebtorsDeps, 'store' | 'writer'>) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: StateAsOfRequest): Promise<Outcome<DebtView | DebtorView>> {
    const { target, at } = request;
    const tenantId = ctx.principal.tenantId;
    const asOf = { instant: at };
    switch (target.kind) {
      case 'debt': {
        const view = await readDebt(this.deps, tenantId, target.id, at.toISOString().slice(0, 10), asOf);
        return view ? done(view) : notFound(`debt ${target.id} not found`);
      }
      case 'debtor': {
        const view = await readDebtor(this.deps, tenantId, target.id, asOf);
        return view ? done(view) : notFound(`debtor ${target.id} did not exist at ${at.toISOString()}`);
      }
    }
  }
}
