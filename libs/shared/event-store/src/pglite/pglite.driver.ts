import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDriver, SqlTransaction } from '../sql-driver';

/**
 * SqlDriver over PGlite, PostgreSQL compiled to WASM and run in this process.
 * PGlite is one backend: its transactions run one at a time (it queues them), so
 * isolation holds by serialisation. Keep transactions short. Its NodeFS storage runs
 * with fsync off (electric-sql/pglite#1107): the embedded mode is for trying the
 * product, not for keeping real data.
 */
export class PgliteDriver implements SqlDriver {
  readonly engine = 'pglite' as const;

  constructor(
    readonly db: PGlite,
    private readonly ownsDb: boolean,
  ) {}

  /** `dataDir` undefined: in memory; a path: persisted between runs. */
  static async create(dataDir?: string): Promise<PgliteDriver> {
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    return new PgliteDriver(db, true);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<readonly Row[]> {
    return (await this.db.query<Row>(sql, params as unknown[])).rows;
  }

  queryPrepared<Row>(_name: string, sql: string, params: readonly unknown[]): Promise<readonly Row[]> {
    return this.query<Row>(sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx: Transaction) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, () => onNotify());
    return async () => {
      await unlisten();
    };
  }

  async close(): Promise<void> {
    if (this.ownsDb && !this.db.closed) await this.db.close();
  }
}
