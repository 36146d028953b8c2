import type { PoolConfig } from 'pg';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql-event-store';
import { NodePostgresDriver } from './node-postgres.driver';

/** The production adapter: a PostgreSQL server through node-postgres. */
export async function openPostgresEventStore(
  connection: PoolConfig,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  const driver = NodePostgresDriver.create({ max: 10, ...connection });
  try {
    return await SqlEventStore.open(driver, options);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
