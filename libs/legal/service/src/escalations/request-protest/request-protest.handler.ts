import type { RequestContext } from '@collections/shared-service-kit';
import { utcDateOf } from '@collections/legal-domain';
import type { LegalDeps } from '../../shared/legal-deps';
import type { DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { runEscalationCommand } from '../escalation-command';
import type { EscalationView } from '../escalation.view';

/** A protest asked by hand (Lei 9.492/97): only when the tenant's policy enables it, never for a debt in dispute, agreement, paid or over 5 years past due. */
export class RequestProtestHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, debtId: DebtId): Promise<Outcome<EscalationView>> {
    return runEscalationCommand(this.deps, ctx, debtId, 'RequestProtest', {}, { needsDebt: true }, ({ now, policy, debt, ids }) => ({
      type: 'RequestProtest',
      debtId,
      now,
      today: utcDateOf(now),
      policy,
      protestId: ids(),
      debt: debt!,
      byHand: true,
      actor: ctx.principal.subject,
    }));
  }
}
