import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlDriver } from '@collections/shared-event-store';
import { EXPORTABLE, pagesOf, type Exportable } from '../export-csv/export-csv';

/** The Parquet type of each exported column (the others are VARCHAR). */
const TYPES: Record<string, string> = { seq: 'BIGINT', amount: 'BIGINT', schema_version: 'INTEGER', business_date: 'DATE', ref_date: 'DATE', occurred_at: 'TIMESTAMPTZ' };

/**
 * A read model of one tenant as a Parquet file written by DuckDB (in memory, in this
 * process): the rows are appended page by page as they are read from PostgreSQL, then
 * DuckDB writes the typed file. Resolves to the file and a function that deletes it.
 */
export async function parquetOf(driver: SqlDriver, tenantId: string, model: Exportable): Promise<{ readonly file: string; remove(): Promise<void> }> {
  const { columns } = EXPORTABLE[model];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reporting-parquet-'));
  const file = path.join(dir, `${model}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE staging (${columns.map((c) => `${c} VARCHAR`).join(', ')})`);
    const appender = await connection.createAppender('staging');
    for await (const rows of pagesOf(driver, tenantId, model)) {
      for (const row of rows) {
        for (const column of columns) {
          const value = row[column];
          if (value === null || value === undefined) appender.appendNull();
          else appender.appendVarchar(value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
        }
        appender.endRow();
      }
      appender.flushSync();
    }
    appender.closeSync();
    const typed = columns.map((c) => (TYPES[c] ? `CAST(${c} AS ${TYPES[c]}) AS ${c}` : c)).join(', ');
    await connection.run(`COPY (SELECT ${typed} FROM staging ORDER BY CAST(seq AS BIGINT)) TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
