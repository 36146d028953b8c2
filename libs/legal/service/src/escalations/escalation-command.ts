import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import type { DebtSnapshot, EscalationCommand, EscalationPolicy } from '@collections/legal-domain';
import type { LegalDeps } from '../shared/legal-deps';
import { escalationStream, type DebtId } from '../shared/ids';
import type { Outcome } from '../shared/outcome';
import { afterWrite, escalationAggregate, readEscalation, readPolicy, setDeadline } from './escalation-stream';
import { escalationViewOf, type EscalationView } from './escalation.view';

/**
 * The write path of a command asked by hand on a debt's escalation: the escalation must
 * exist (404 otherwise, as for another tenant's), the tenant's policy too; the debt as the
 * debtors API says today is read first when the command needs it (outside the transaction:
 * in embedded mode that API shares the single database session); the command is written
 * with its deadline set to now (the scheduler makes the calls it asks for), and a step
 * refused by a rule is committed as evidence, then answered 422 with the rule.
 */
export async function runEscalationCommand(
  deps: LegalDeps,
  ctx: RequestContext,
  debtId: DebtId,
  type: string,
  request: object,
  options: { readonly needsDebt: boolean },
  build: (input: { readonly now: string; readonly policy: EscalationPolicy; readonly debt: DebtSnapshot | undefined; readonly ids: () => string }) => EscalationCommand,
): Promise<Outcome<EscalationView>> {
  const tenantId = ctx.principal.tenantId;
  return deps.idempotency.run(ctx, { type, target: debtId, request }, async (attempt) => {
    const [recorded, policy] = await Promise.all([readEscalation(deps.store, tenantId, debtId), readPolicy(deps.store, tenantId)]);
    if (recorded.events.length === 0) return notFound(`no escalation for debt ${debtId}`);
    if (!policy) return refused('LEGAL_POLICY_NOT_SET', 'this tenant has no escalation policy: set one first');
    const debt = options.needsDebt ? await deps.directory.debt(tenantId, debtId) : undefined;
    if (options.needsDebt && !debt) return notFound(`debt ${debtId} is not known to the debtors service`);
    const now = deps.clock.now().toISOString();
    const outcome = await deps.store.transaction(async (transaction) => {
      const command = build({ now, policy, debt, ids: () => attempt.ids.next() });
      const written = await deps.writer.write(attempt, escalationAggregate, escalationStream(debtId), command, { transaction });
      if (written.kind !== 'done') return written;
      await afterWrite(transaction, tenantId, debtId, written.value.state, policy, now);
      const refusal = written.value.events.find((e) => e.type === 'EscalationStepRefused');
      if (refusal?.type === 'EscalationStepRefused') return refused(refusal.data.rule, `${refusal.data.detail} (${refusal.data.article})`);
      await setDeadline(transaction, tenantId, debtId, now);
      return done(undefined);
    });
    if (outcome.kind !== 'done') return outcome;
    const view = escalationViewOf(debtId, await readEscalation(deps.store, tenantId, debtId));
    return view ? done(view) : notFound(`no escalation for debt ${debtId}`);
  });
}
