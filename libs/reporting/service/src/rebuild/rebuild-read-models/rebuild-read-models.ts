import type { SqlDriver } from '@collections/shared-event-store';
import { AGGREGATE_TABLES, rebuildAggregates } from '../../read-model/reporting.aggregates';

export interface RebuildResult {
  readonly events: number;
  readonly facts: number;
  readonly milliseconds: number;
}

/**
 * Rebuilds the facts of one tenant (or of every tenant) from the events received since
 * the start, in one transaction: the facts are deleted and derived again by the same SQL
 * the consumer runs for each event, then the aggregates (`rep_daily`, the debts' spans and
 * `rep_daily_stock`) from the facts, set-wise, by the texts the consumer runs per debt. A consumer writing meanwhile waits for the commit.
 */
export async function rebuildReadModels(driver: SqlDriver, tenantId?: string): Promise<RebuildResult> {
  const started = performance.now();
  return driver.transaction(async (tx) => {
    // the facts table is locked first, so the consumer's derivations queue behind the rebuild
    // (then the aggregates, in the order the consumer takes them)
    await tx.query(`LOCK TABLE rep_facts, ${AGGREGATE_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    if (tenantId === undefined) await tx.query(`TRUNCATE rep_facts, ${AGGREGATE_TABLES.join(', ')}`);
    else for (const table of ['rep_facts', ...AGGREGATE_TABLES]) await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    const [range] = await tx.query<{ last: string | null; events: string }>(
      'SELECT max(seq) AS last, count(*) AS events FROM rep_events WHERE $1::text IS NULL OR tenant_id = $1',
      [tenantId ?? null],
    );
    const [derived] = await tx.query<{ facts: string }>('SELECT reporting_derive_facts(0, $1, $2) AS facts', [range?.last ?? 0, tenantId ?? null]);
    await rebuildAggregates(tx, tenantId);
    return { events: Number(range?.events ?? 0), facts: Number(derived?.facts ?? 0), milliseconds: Math.round(performance.now() - started) };
  });
}
