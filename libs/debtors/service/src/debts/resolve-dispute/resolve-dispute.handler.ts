import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtCommand } from '../debt-command';
import type { DebtView } from '../debt.view';
import type { ResolveDisputeRequest } from './resolve-dispute.request';

export class ResolveDisputeHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: ResolveDisputeRequest): Promise<Outcome<DebtView>> {
    const { debtId, outcome } = request;
    return runDebtCommand(this.deps, ctx, debtId, { type: 'ResolveDispute', target: debtId, request }, (stamp) => ({ type: 'ResolveDispute', debtId, outcome, ...stamp }));
  }
}
