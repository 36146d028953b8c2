import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';
import type { SqlDriver, SqlTransaction } from '../sql-driver';

export interface NodePostgresDriverOptions {
  /**
   * Named prepared statements for `queryPrepared` (default true). Off where several
   * connections share one session (PGlite over a socket): a connection replaced after an
   * error would prepare a name the session still holds ("already exists").
   */
  readonly preparedStatements?: boolean;
}

/** SqlDriver over a node-postgres pool; LISTEN uses one dedicated connection. */
export class NodePostgresDriver implements SqlDriver {
  readonly engine = 'postgres' as const;
  private listener: Client | undefined;
  private readonly channels = new Map<string, Set<() => void>>();

  constructor(
    readonly pool: Pool,
    private readonly listenConfig: ClientConfig,
    private readonly ownsPool: boolean,
    private readonly options: NodePostgresDriverOptions = {},
  ) {}

  static create(config: PoolConfig): NodePostgresDriver {
    const pool = new Pool(config);
    // An idle client can be killed by the server (restart, pg_terminate_backend):
    // the pool drops it and opens another; without a listener the error would crash
    // the process.
    pool.on('error', () => undefined);
    return new NodePostgresDriver(pool, config, true);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<readonly Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }

  async queryPrepared<Row>(name: string, sql: string, params: readonly unknown[]): Promise<readonly Row[]> {
    if (this.options.preparedStatements === false) return this.query<Row>(sql, params);
    const result = await this.pool.query({ name, text: sql, values: params as unknown[] });
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client has no listener of the pool's: if the server goes away mid-transaction
    // (restart, pg_terminate_backend), its 'error' event would crash the process. The query in
    // flight fails anyway; the connection is just not handed back.
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const transaction: SqlTransaction = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await client.query(sql, params as unknown[])).rows as Row[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      };
      const result = await work(transaction);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // connection is unusable: do not hand it back to the pool
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const listeners = this.channels.get(channel) ?? new Set();
    this.channels.set(channel, listeners);
    listeners.add(onNotify);
    if (!this.listener) {
      const client = new Client(this.listenConfig);
      client.on('notification', (message) => this.channels.get(message.channel)?.forEach((fn) => fn()));
      // A lost LISTEN connection only costs latency: subscriptions keep polling.
      client.on('error', () => {
        if (this.listener === client) this.listener = undefined;
      });
      await client.connect();
      this.listener = client;
      for (const name of this.channels.keys()) await client.query(`LISTEN ${quoteIdent(name)}`);
    } else if (listeners.size === 1) {
      await this.listener.query(`LISTEN ${quoteIdent(channel)}`);
    }
    return async () => {
      listeners.delete(onNotify);
    };
  }

  async close(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
