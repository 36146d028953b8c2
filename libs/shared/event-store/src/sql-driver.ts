import type { StoreTransaction } from './event-store.port';

/**
 * The little the SQL event store needs from a PostgreSQL engine. Two drivers implement
 * it: node-postgres (a server) and PGlite (in-process). All SQL is shared, so both
 * adapters run the same statements and pass the same contract suite.
 */
export interface SqlDriver extends SqlTransaction {
  readonly engine: 'postgres' | 'pglite';
  /**
   * A statement run often: a server driver prepares it once per connection under `name`
   * (the parse and plan are not paid again); an in-process engine just runs it. One name,
   * one text. (Behind PgBouncer in transaction mode this needs its
   * `max_prepared_statements`, PgBouncer 1.21+.)
   */
  queryPrepared<Row>(name: string, sql: string, params: readonly unknown[]): Promise<readonly Row[]>;
  transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T>;
  /** Calls `onNotify` on each NOTIFY on the channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface SqlTransaction extends StoreTransaction {
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A SQLSTATE-carrying error, as thrown by node-postgres and PGlite alike. */
export interface SqlError {
  readonly code?: string;
  readonly message: string;
  readonly detail?: string;
}

export function isSqlError(error: unknown): error is SqlError {
  return typeof error === 'object' && error !== null && 'message' in error;
}
