import { NodePostgresDriver } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { describeKeyStoreContract } from './contract/key-store.contract';

describeKeyStoreContract('PostgreSQL', () => {
  let database: TestDatabase | undefined;
  const drivers: NodePostgresDriver[] = [];
  const open = () => {
    const driver = NodePostgresDriver.create({ ...database!.config, max: 4 });
    drivers.push(driver);
    return driver;
  };
  return {
    concurrentTransactions: true,
    async open() {
      database = await createTestDatabase('pii_keys');
      return open();
    },
    // another pool: concurrent callers really run in separate backends
    async another() {
      return open();
    },
    async close() {
      await Promise.all(drivers.map((d) => d.close()));
      await database?.drop();
    },
  };
});
