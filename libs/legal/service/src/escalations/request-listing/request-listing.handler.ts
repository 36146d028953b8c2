import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import { utcDateOf, type Bureau } from '@collections/legal-domain';
import type { LegalDeps } from '../../shared/legal-deps';
import { escalationStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { afterWrite, escalationAggregate, readEscalation, readPolicy, setDeadline } from '../escalation-stream';
import { escalationViewOf, type EscalationView } from '../escalation.view';
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

  execute(ctx: RequestContext, request: RequestListingRequest): Promise<Outcome<EscalationView>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.idempotency.run(ctx, { type: 'RequestListing', target: request.debtId, request }, async (attempt) => {
      const [recorded, policy] = await Promise.all([readEscalation(this.deps.store, tenantId, request.debtId), readPolicy(this.deps.store, tenantId)]);
      if (recorded.events.length === 0) return notFound(`no escalation for debt ${request.debtId}`);
      if (!policy) return refused('LEGAL_POLICY_NOT_SET', 'this tenant has no escalation policy: set one first');
      const bureaus = request.bureaus.filter((b) => this.available.includes(b));
      if (bureaus.length === 0) return refused('LEGAL_BUREAU_NOT_REQUESTED', `no adapter for ${request.bureaus.join(', ')} in this service`);
      // the balance and debtor today, asked before the transaction (the debtors API may share this database)
      const debt = await this.deps.directory.debt(tenantId, request.debtId);
      if (!debt) return notFound(`debt ${request.debtId} is not known to the debtors service`);
      const now = this.deps.clock.now().toISOString();
      const outcome = await this.deps.store.transaction(async (transaction) => {
        const command = { type: 'RequestListing', debtId: request.debtId, now, today: utcDateOf(now), policy, bureaus, debt, byHand: true, actor: ctx.principal.subject } as const;
        const written = await this.deps.writer.write(attempt, escalationAggregate, escalationStream(request.debtId), command, { transaction });
        if (written.kind !== 'done') return written;
        await afterWrite(transaction, tenantId, request.debtId, written.value.state, policy, now);
        const refusal = written.value.events.find((e) => e.type === 'EscalationStepRefused');
        if (refusal?.type === 'EscalationStepRefused') return refused(refusal.data.rule, `${refusal.data.detail} (${refusal.data.article})`);
        await setDeadline(transaction, tenantId, request.debtId, now);
        return done(undefined);
      });
      // the refusal's evidence is committed; only then is the caller told no
      if (outcome.kind !== 'done') return outcome;
      const view = escalationViewOf(request.debtId, await readEscalation(this.deps.store, tenantId, request.debtId));
      return view ? done(view) : notFound(`no escalation for debt ${request.debtId}`);
    });
  }
}
