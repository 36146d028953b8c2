import { refused, type RequestContext } from '@collections/shared-service-kit';
import { utcDateOf, type Bureau } from '@collections/legal-domain';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { runEscalationCommand } from '../escalation-command';
import type { EscalationView } from '../escalation.view';
import type { RequestListingRequest } from './request-listing.request';

/**
 * A listing asked by hand. The same rules as the automatic one (notice sent and its period
 * over, not in agreement, dispute, settled or over 5 years): a refusal is recorded as
 * evidence, then answered 422 with the rule. Accepted, the bureaus are called by the
 * scheduler at once (its deadline is set to now, in the same transaction).
 */
export class RequestListingHandler {
  constructor(
    private readonly deps: LegalDeps,
    private readonly available: readonly Bureau[],
  ) {}

  async execute(ctx: RequestContext, request: RequestListingRequest): Promise<Outcome<EscalationView>> {
    const bureaus = request.bureaus.filter((b) => this.available.includes(b));
    if (bureaus.length === 0) return refused('LEGAL_BUREAU_NOT_REQUESTED', `no adapter for ${request.bureaus.join(', ')} in this service`);
    return runEscalationCommand(this.deps, ctx, request.debtId, 'RequestListing', request, { needsDebt: true }, ({ now, policy, debt }) => ({
      type: 'RequestListing',
      debtId: request.debtId,
      now,
      today: utcDateOf(now),
      policy,
      bureaus,
      debt: debt!,
      byHand: true,
      actor: ctx.principal.subject,
    }));
  }
}
