import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { RegisterDebtor } from '@collections/debtors-domain';
import { parseActor } from '@collections/shared-kernel';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import { newDebtorId, type DebtorId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { withIds } from '../contact-point.schema';
import { debtorReplay } from '../debtor-replay';
import { debtorViewFrom, type DebtorView } from '../debtor.view';
import type { RegisterDebtorRequest } from './register-debtor.request';

/** The RegisterDebtor command of a request (contact points keep the ids given, others get new ones). */
export function registerDebtorCommand(ctx: Pick<RequestContext, 'principal'>, debtorId: DebtorId, request: RegisterDebtorRequest, deps: Pick<DebtorsDeps, 'ids' | 'calendar'>): RegisterDebtor {
  return {
    type: 'RegisterDebtor',
    debtorId,
    tenantId: ctx.principal.tenantId,
    taxId: request.taxId,
    name: request.name,
    contactPoints: withIds(request.contactPoints, () => deps.ids.next()),
    state: request.state,
    timeZone: request.timeZone,
    ...(request.declaredMonthlyIncome ? { declaredMonthlyIncome: request.declaredMonthlyIncome } : {}),
    now: deps.calendar.now(),
    actor: parseActor(ctx.principal.subject),
  };
}

export class RegisterDebtorHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RegisterDebtorRequest): Promise<Outcome<DebtorView>> {
    const idempotent = { type: 'RegisterDebtor', target: request.debtorId ?? '', request };
    return this.deps.idempotency.run(
      ctx,
      idempotent,
      async (attempt) => {
        const debtorId = request.debtorId ?? newDebtorId(() => attempt.ids.next());
        const written = await this.deps.writer.registerDebtor(attempt, debtorId, registerDebtorCommand(ctx, debtorId, request, { ...this.deps, ids: attempt.ids }));
        if (written.kind !== 'done') return written;
        const view = debtorViewFrom(written.value.events, written.value.nextExpectedVersion);
        return view ? done(view) : notFound(`debtor ${debtorId} not found`);
      },
      debtorReplay(this.deps, ctx),
    );
  }
}
