import { done } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import { utcDateOf } from '@collections/legal-domain';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import type { RemovalFilter } from './list-removals.request';

export interface RemovalSlaRow {
  readonly debtId: string;
  readonly reason: string;
  readonly since: string;
  readonly slaDueOn: string;
  readonly requestedAt: string;
  readonly bureausPending: readonly string[];
  /** open and its SLA day passed */
  readonly overdue: boolean;
  readonly breachRecorded: boolean;
}

interface Row {
  debt_id: string;
  reason: string;
  since: string;
  sla_due_on: string;
  requested_at: Date;
  bureaus_pending: string[];
  breached: boolean;
}

/** The SLA view (STJ Súmula 548): removals requested, when each is due, which bureaus have not confirmed. */
export class ListRemovalsHandler {
  constructor(private readonly deps: LegalDeps) {}

  async execute(ctx: { readonly principal: Principal }, filter: RemovalFilter): Promise<Outcome<{ readonly asOf: string; readonly removals: readonly RemovalSlaRow[] }>> {
    const today = utcDateOf(this.deps.clock.now().toISOString());
    // every variant names $2 (typed), so the one statement takes the same two parameters
    const condition = {
      open: 'cardinality(bureaus_pending) > 0 AND $2::date IS NOT NULL',
      due: 'cardinality(bureaus_pending) > 0 AND sla_due_on >= $2::date',
      overdue: 'cardinality(bureaus_pending) > 0 AND sla_due_on < $2::date',
      all: '$2::date IS NOT NULL',
    }[filter];
    const rows = await this.deps.store.driver.query<Row>(
      `SELECT debt_id, reason, to_char(since, 'YYYY-MM-DD') AS since, to_char(sla_due_on, 'YYYY-MM-DD') AS sla_due_on, requested_at, bureaus_pending, breached
       FROM legal_removals WHERE tenant_id = $1 AND (${condition}) ORDER BY sla_due_on, debt_id LIMIT 1000`,
      [ctx.principal.tenantId, today],
    );
    return done({
      asOf: today,
      removals: rows.map((r) => ({
        debtId: r.debt_id,
        reason: r.reason,
        since: r.since,
        slaDueOn: r.sla_due_on,
        requestedAt: new Date(r.requested_at).toISOString(),
        bureausPending: r.bureaus_pending,
        overdue: r.bureaus_pending.length > 0 && r.sla_due_on < today,
        breachRecorded: r.breached,
      })),
    });
  }
}
