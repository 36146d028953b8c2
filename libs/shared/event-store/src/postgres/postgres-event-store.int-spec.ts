import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { SqlEventStore } from '../sql-event-store';
import { NodePostgresDriver } from './node-postgres.driver';
import { openPostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', () => {
  let database: TestDatabase;
  let store: SqlEventStore | undefined;
  const extra: NodePostgresDriver[] = [];
  return {
    concurrentTransactions: true,
    async open() {
      database = await createTestDatabase('event_store');
      store = await openPostgresEventStore({ ...database.config, max: 12 });
      return store;
    },
    async reopen(options) {
      const driver = NodePostgresDriver.create({ ...database.config, max: 2 });
      extra.push(driver);
      return SqlEventStore.open(driver, options);
    },
    async close() {
      await Promise.all(extra.map((d) => d.close()));
      await store?.close();
      await database?.drop();
    },
  };
});
