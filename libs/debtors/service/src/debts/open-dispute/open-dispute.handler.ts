import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtCommand } from '../debt-command';
import type { DebtView } from '../debt.view';
import type { OpenDisputeRequest } from './open-dispute.request';

export class OpenDisputeHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: OpenDisputeRequest): Promise<Outcome<DebtView>> {
    const { debtId, reason } = request;
    return runDebtCommand(this.deps, ctx, debtId, { type: 'OpenDispute', target: debtId, request }, (stamp) => ({ type: 'OpenDispute', debtId, reason, ...stamp }));
  }
}
