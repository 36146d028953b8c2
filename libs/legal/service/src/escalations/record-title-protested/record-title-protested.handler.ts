import type { RequestContext } from '@collections/shared-service-kit';
import { utcDateOf } from '@collections/legal-domain';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { runEscalationCommand } from '../escalation-command';
import type { EscalationView } from '../escalation.view';
import type { RecordTitleProtestedRequest } from './record-title-protested.request';

/**
 * Records the notary's answer that the title was protested: refused (422) before the
 * debtor's 3 business days after the notice ran out (Lei 9.492/97 art. 12), or for a
 * protest never notified; the same answer again records nothing.
 */
export class RecordTitleProtestedHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, request: RecordTitleProtestedRequest): Promise<Outcome<EscalationView>> {
    return runEscalationCommand(this.deps, ctx, request.debtId, 'RecordTitleProtested', request, { needsDebt: false }, ({ now }) => ({
      type: 'RecordTitleProtested',
      debtId: request.debtId,
      now,
      today: utcDateOf(now),
      protocol: request.protocol,
    }));
  }
}
