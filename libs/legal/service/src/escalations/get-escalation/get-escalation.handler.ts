import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { LegalDeps } from '../../shared/legal-deps';
import type { DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { readEscalation } from '../escalation-stream';
import { escalationViewOf, type EscalationView } from '../escalation.view';

/** Another tenant's escalation is not found, exactly as an unknown debt. */
export class GetEscalationHandler {
  constructor(private readonly deps: LegalDeps) {}

  async execute(ctx: { readonly principal: Principal }, debtId: DebtId): Promise<Outcome<EscalationView>> {
    const view = escalationViewOf(debtId, await readEscalation(this.deps.store, ctx.principal.tenantId, debtId));
    return view ? done(view) : notFound(`no escalation for debt ${debtId}`);
  }
}
