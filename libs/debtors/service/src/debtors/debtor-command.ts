import { done, notFound, type IdempotentCommand, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorCommand, RegisterDebtor } from '@collections/debtors-domain';
import { parseActor, type IdGenerator } from '@collections/shared-kernel';
import type { DebtorsDeps } from '../shared/debtors-deps';
import type { DebtorId } from '../shared/ids';
import type { Outcome } from '../shared/outcome';
import { debtorReplay } from './debtor-replay';
import { debtorViewAfter, readDebtor, type DebtorView } from './debtor.view';

/**
 * A command to an existing debtor, behind the caller's idempotency key: the debtor is read
 * (not found for this tenant: 404), the command goes through the write path, and the
 * answer is the debtor with the appended events folded on.
 */
export function runDebtorCommand(
  deps: DebtorsDeps,
  ctx: RequestContext,
  debtorId: DebtorId,
  idempotent: IdempotentCommand,
  command: (stamp: { now: string; actor: string }, ids: IdGenerator) => Exclude<DebtorCommand, RegisterDebtor>,
): Promise<Outcome<DebtorView>> {
  const tenantId = ctx.principal.tenantId;
  return deps.idempotency.run(
    ctx,
    idempotent,
    async (attempt) => {
      const before = await readDebtor(deps, tenantId, debtorId);
      if (!before) return notFound(`debtor ${debtorId} not found`);
      const written = await deps.writer.debtor(attempt, debtorId, command({ now: deps.calendar.now(), actor: parseActor(ctx.principal.subject) }, attempt.ids));
      if (written.kind !== 'done') return written;
      const view = await debtorViewAfter(deps, tenantId, debtorId, before, written.value);
      return view ? done(view) : notFound(`debtor ${debtorId} not found`);
    },
    debtorReplay(deps, ctx),
  );
}
