import { SqlEventStore, type SqlEventStoreOptions } from '../sql-event-store';
import { PgliteDriver } from './pglite.driver';

/**
 * The embedded adapter: PGlite in this process. `dataDir` keeps data between runs;
 * without it the store lives in memory.
 */
export async function openPgliteEventStore(
  dataDir?: string,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  const driver = await PgliteDriver.create(dataDir);
  try {
    return await SqlEventStore.open(driver, options);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
