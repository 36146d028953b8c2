import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtCommand } from '../debt-command';
import type { DebtView } from '../debt.view';
import type { WriteOffRequest } from './write-off.request';

export class WriteOffHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: WriteOffRequest): Promise<Outcome<DebtView>> {
    const { debtId, reason } = request;
    return runDebtCommand(this.deps, ctx, debtId, { type: 'WriteOff', target: debtId, request }, (stamp) => ({ type: 'WriteOff', debtId, reason, ...stamp }));
  }
}
