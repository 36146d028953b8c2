import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

/**
 * Where the test PostgreSQL server is: DATABASE_URL, else the standard PG* variables,
 * else 127.0.0.1:5432 as user postgres. tools/test/global-setup.cjs has already made
 * sure it answers (starting a local cluster if one is installed but stopped).
 */
export function adminConnectionConfig(): ClientConfig {
  const url = process.env['DATABASE_URL'];
  if (url) return { connectionString: url };
  return {
    host: process.env['PGHOST'] ?? '127.0.0.1',
    port: Number(process.env['PGPORT'] ?? 5432),
    user: process.env['PGUSER'] ?? 'postgres',
    database: process.env['PGDATABASE'] ?? 'postgres',
    ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
  };
}

export interface TestDatabase {
  readonly name: string;
  readonly config: ClientConfig;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, so that files run in parallel without
 * seeing each other's rows. Call `drop()` in afterAll.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = adminConnectionConfig();
  await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
  const config: ClientConfig = admin.connectionString
    ? { connectionString: replaceDatabase(admin.connectionString, name) }
    : { ...admin, database: name };
  return {
    name,
    config,
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

function replaceDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(config: ClientConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
