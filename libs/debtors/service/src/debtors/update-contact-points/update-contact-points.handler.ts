import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { withIds } from '../contact-point.schema';
import { runDebtorCommand } from '../debtor-command';
import type { DebtorView } from '../debtor.view';
import type { UpdateContactPointsRequest } from './update-contact-points.request';

export class UpdateContactPointsHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: UpdateContactPointsRequest): Promise<Outcome<DebtorView>> {
    const { debtorId } = request;
    return runDebtorCommand(this.deps, ctx, debtorId, { type: 'UpdateContactPoints', target: debtorId, request }, (stamp, ids) => ({
      type: 'UpdateContactPoints',
      debtorId,
      contactPoints: withIds(request.contactPoints, () => ids.next()),
      ...stamp,
    }));
  }
}
