import { refuseFutureDate } from '@collections/shared-kernel';
import type { RequestContext } from '@collections/shared-service-kit';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { runEscalationCommand } from '../escalation-command';
import type { EscalationView } from '../escalation.view';
import type { RecordProtestNoticeRequest } from './record-protest-notice.request';

/** Records the notary's notice: the debtor may pay until 3 business days after it (Lei 9.492/97 art. 12). */
export class RecordProtestNoticeHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, request: RecordProtestNoticeRequest): Promise<Outcome<EscalationView>> {
    refuseFutureDate(request.notifiedOn, 'notifiedOn', this.deps.clock.now().toISOString());
    return runEscalationCommand(this.deps, ctx, request.debtId, 'RecordProtestNotified', request, { needsDebt: false }, ({ now, policy }) => ({
      type: 'RecordProtestNotified',
      debtId: request.debtId,
      now,
      notifiedOn: request.notifiedOn,
      policy,
    }));
  }
}
