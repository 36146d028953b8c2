import { parseActor } from '@collections/shared-kernel';
import { done, notFound, type IdempotentCommand, type RequestContext } from '@collections/shared-service-kit';
import type { DebtCommand } from '@collections/debtors-domain';
import type { DebtorsDeps } from '../shared/debtors-deps';
import type { DebtId } from '../shared/ids';
import type { Outcome } from '../shared/outcome';
import { debtViewFrom, type DebtView } from './debt.view';

/**
 * A command to an existing debt, behind the caller's idempotency key. The answer is built
 * from the state the write path returns, with the balance as of today.
 */
export function runDebtCommand(
  deps: DebtorsDeps,
  ctx: RequestContext,
  debtId: DebtId,
  idempotent: IdempotentCommand,
  command: (stamp: { now: string; actor: string }) => DebtCommand,
): Promise<Outcome<DebtView>> {
  return deps.idempotency.run(ctx, idempotent, async (attempt) => {
    const written = await deps.writer.debt(attempt, debtId, command({ now: deps.calendar.now(), actor: parseActor(ctx.principal.subject) }));
    if (written.kind !== 'done') return written;
    // a command that changed nothing on a stream that does not exist: no such debt
    if (written.value.streamVersionBefore === 0) return notFound(`debt ${debtId} not found`);
    const view = debtViewFrom(written.value.state, deps.calendar.today(), written.value.nextExpectedVersion);
    return view ? done(view) : notFound(`debt ${debtId} not found`);
  });
}
