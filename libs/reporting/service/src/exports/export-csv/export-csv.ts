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
 * A read model of one tenant as CSV, in pages of `pageSize` rows by `seq` (keyset): the
 * rows are written as they are read, never all held in memory.
 */
export async function* csvOf(driver: SqlDriver, tenantId: string, model: Exportable, pageSize = 5_000): AsyncGenerator<string> {
  const { columns, table } = EXPORTABLE[model];
  yield `${columns.join(',')}\r\n`;
  const select = columns.map((c) => (c === 'business_date' || c === 'ref_date' ? `to_char(${c}, 'YYYY-MM-DD') AS ${c}` : c)).join(', ');
  let after = -1;
  for (;;) {
    const rows = await driver.query<Record<string, unknown>>(`SELECT ${select} FROM ${table} WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT ${pageSize}`, [tenantId, after]);
    if (rows.length === 0) return;
    yield rows.map((row) => `${columns.map((c) => csvField(row[c])).join(',')}\r\n`).join('');
    after = Number(rows[rows.length - 1]!['seq']);
    if (rows.length < pageSize) return;
  }
}
