import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import type { RegisterDebt } from '@collections/debtors-domain';
import { parseActor, type IsoDate, type IsoInstant } from '@collections/shared-kernel';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import { newDebtId, type DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { readDebtor } from '../../debtors/debtor.view';
import { debtViewFrom, type DebtView } from '../debt.view';
import type { RegisterDebtRequest } from './register-debt.request';

/** The RegisterDebt command of a request. */
export function registerDebtCommand(ctx: Pick<RequestContext, 'principal'>, debtId: DebtId, request: RegisterDebtRequest, now: IsoInstant, today: IsoDate): RegisterDebt {
  return {
    type: 'RegisterDebt',
    debtId,
    tenantId: ctx.principal.tenantId,
    debtorId: request.debtorId,
    contractReference: request.contractReference,
    originalAmount: request.originalAmount,
    dueDate: request.dueDate,
    ...(request.installments ? { installments: request.installments } : {}),
    lateFeeRate: request.lateFeeRate,
    ...(request.monthlyInterestRate ? { monthlyInterestRate: request.monthlyInterestRate } : {}),
    ...(request.allocationOrder ? { allocationOrder: request.allocationOrder } : {}),
    ...(request.segment ? { segment: request.segment } : {}),
    ...(request.portfolio ? { portfolio: request.portfolio } : {}),
    now,
    classifyAsOf: today,
    actor: parseActor(ctx.principal.subject),
  };
}

export class RegisterDebtHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RegisterDebtRequest): Promise<Outcome<DebtView>> {
    return this.deps.idempotency.run(ctx, { type: 'RegisterDebt', target: request.debtId ?? '', request }, async (attempt) => {
      const debtId = request.debtId ?? newDebtId(() => attempt.ids.next());
      const debtor = await readDebtor(this.deps, ctx.principal.tenantId, request.debtorId);
      if (!debtor) return notFound(`debtor ${request.debtorId} not found`);
      if (debtor.erased) return refused('DEBTOR_ERASED', 'the debtor was erased: no new debts can be registered for it');
      const written = await this.deps.writer.debt(attempt, debtId, registerDebtCommand(ctx, debtId, request, this.deps.calendar.now(), this.deps.calendar.today()));
      if (written.kind !== 'done') return written;
      const view = debtViewFrom(written.value.state, this.deps.calendar.today(), written.value.nextExpectedVersion);
      return view ? done(view) : notFound(`debt ${debtId} not found`);
    });
  }
}
