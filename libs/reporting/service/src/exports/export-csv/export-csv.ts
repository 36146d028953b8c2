import type { SqlDriver } from '@collections/shared-event-store';

export const EXPORTABLE = {
  events: { columns: ['seq', 'event_id', 'type', 'schema_version', 'topic', 'stream_id', 'occurred_at', 'payload'], table: 'rep_events' },
  facts: { columns: ['seq', 'type', 'debt_id', 'business_date', 'amount', 'channel', 'outcome', 'bucket', 'ref', 'ref_date'], table: 'rep_facts' },
} as const;
export type Exportable = keyof typeof EXPORTABLE;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A read model of one tenant in pages of `pageSize` rows by `seq` (keyset): read as they
 * are written out, never all held in memory. Dates come as YYYY-MM-DD text.
 */
export async function* pagesOf(driver: SqlDriver, tenantId: string, model: Exportable, pageSize = 5_000): AsyncGenerator<readonly Record<string, unknown>[]> {
  const { columns, table } = EXPORTABLE[model];
  const select = columns.map((c) => (c === 'business_date' || c === 'ref_date' ? `to_char(${c}, 'YYYY-MM-DD') AS ${c}` : c)).join(', ');
  let after = -1;
  for (;;) {
    const rows = await driver.query<Record<string, unknown>>(`SELECT ${select} FROM ${table} WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT ${pageSize}`, [tenantId, after]);
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]!['seq']);
    if (rows.length < pageSize) return;
  }
}

/** A read model of one tenant as CSV (RFC 4180), page by page. */
export async function* csvOf(driver: SqlDriver, tenantId: string, model: Exportable, pageSize = 5_000): AsyncGenerator<string> {
  const { columns } = EXPORTABLE[model];
  yield `${columns.join(',')}\r\n`;
  for await (const rows of pagesOf(driver, tenantId, model, pageSize)) {
    yield rows.map((row) => `${columns.map((c) => csvField(row[c])).join(',')}\r\n`).join('');
  }
}
