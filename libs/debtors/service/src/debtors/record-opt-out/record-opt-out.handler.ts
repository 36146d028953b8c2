import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtorCommand } from '../debtor-command';
import type { DebtorView } from '../debtor.view';
import type { RecordOptOutRequest } from './record-opt-out.request';

export class RecordOptOutHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RecordOptOutRequest): Promise<Outcome<DebtorView>> {
    const { debtorId, contactPointId, reason } = request;
    return runDebtorCommand(this.deps, ctx, debtorId, { type: 'RecordOptOut', target: `${debtorId}/${contactPointId}`, request }, (stamp) => ({
      type: 'RecordOptOut',
      debtorId,
      contactPointId,
      reason,
      ...stamp,
    }));
  }
}
