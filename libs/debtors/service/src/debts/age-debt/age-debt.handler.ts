import { TenantId } from '@collections/shared-kernel';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { DebtId } from '../../shared/ids';

const ACTOR = 'system:aging-scheduler';

/**
 * The aging sweep's command for one debt: MarkOverdue, then ChangeAgingBucket, as of a
 * business date. A refusal ("not past due", "in agreement") means nothing to do today.
 */
export class AgeDebtHandler {
  constructor(private readonly deps: Pick<DebtorsDeps, 'writer' | 'calendar'>) {}

  async execute(tenantId: string, debtId: DebtId, asOf: string): Promise<void> {
    const ctx = { principal: { subject: ACTOR, tenantId: TenantId.parse(tenantId), roles: ['admin' as const] } };
    for (const type of ['MarkOverdue', 'ChangeAgingBucket'] as const) {
      await this.deps.writer.debt(ctx, debtId, { type, debtId, asOf, now: this.deps.calendar.now(), actor: ACTOR });
    }
  }
}
