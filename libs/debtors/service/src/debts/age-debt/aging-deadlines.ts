import type { SqlDriver } from '@collections/shared-event-store';
import type { BusinessCalendar } from '../../shared/business-calendar';
import type { DebtId } from '../../shared/ids';
import type { AgeDebtHandler } from './age-debt.handler';

// Days past due at which a debt enters the next aging bucket (1-30, 31-60, 61-90,
// 91-180, 181-360, 360+); day 1 is the day it becomes overdue.
const BUCKET_STARTS = [1, 31, 61, 91, 181, 361] as const;

/** The date of the next look at a debt unpaid since `unpaidSince`, now `daysPastDue` late. */
export function nextAgingCheck(unpaidSince: string, daysPastDue: number): string | null {
  const next = BUCKET_STARTS.find((start) => start > daysPastDue);
  if (next === undefined) return null;
  return new Date(Date.parse(`${unpaidSince}T00:00:00Z`) + next * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Durable deadlines: the projection writes, with its checkpoint, the next date each
 * debt must be looked at; this scheduler, driven by the Clock port, finds the ones due
 * today (in Brazil's calendar) and sends MarkOverdue and ChangeAgingBucket. After a
 * restart the table is still there, so nothing is missed; a test moves a TestClock
 * across the dates instead of waiting. The projection then moves the deadline on.
 */
export class AgingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    /** The service's pool (the event store's driver): the deadlines are a read-model table. */
    private readonly database: Pick<SqlDriver, 'query'>,
    private readonly ageDebt: AgeDebtHandler,
    private readonly calendar: BusinessCalendar,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.runDue().catch((e: unknown) => this.log(`aging sweep failed: ${(e as Error).message}`)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Handles every deadline due today or earlier; returns how many debts it looked at. */
  async runDue(limit = 500): Promise<number> {
    this.running = this.sweep(limit);
    return this.running;
  }

  private async sweep(limit: number): Promise<number> {
    const today = this.calendar.today();
    const due = await this.database.query<{ tenant_id: string; debt_id: DebtId }>(
      `SELECT tenant_id, debt_id FROM debt_deadlines WHERE due_on <= $1::date AND attempts < 10 ORDER BY due_on LIMIT $2`,
      [today, limit],
    );
    for (const { tenant_id: tenantId, debt_id: debtId } of due) {
      try {
        await this.ageDebt.execute(tenantId, debtId, today);
        // if nothing moved the deadline (no event), look again tomorrow rather than in a tight loop
        await this.database.query(
          `UPDATE debt_deadlines SET due_on = ($3::date + 1) WHERE tenant_id = $1 AND debt_id = $2 AND due_on <= $3::date`,
          [tenantId, debtId, today],
        );
      } catch (error) {
        await this.database.query('UPDATE debt_deadlines SET attempts = attempts + 1, last_error = $3 WHERE tenant_id = $1 AND debt_id = $2', [
          tenantId,
          debtId,
          String((error as Error).message).slice(0, 500),
        ]);
        this.log(`aging check of debt ${debtId} failed: ${(error as Error).message}`);
      }
    }
    return due.length;
  }
}
