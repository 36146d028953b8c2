import { describeEventStoreContract } from '../contract/event-store.contract';
import { SqlEventStore } from '../sql-event-store';
import { PgliteDriver } from './pglite.driver';

describeEventStoreContract('PGlite', () => {
  let driver: PgliteDriver;
  return {
    concurrentTransactions: false,
    async open() {
      driver = await PgliteDriver.create();
      return SqlEventStore.open(driver);
    },
    async reopen(options) {
      // same in-process database, a second store over it
      return SqlEventStore.open(new PgliteDriver(driver.db, false), options);
    },
    async close() {
      await driver?.close();
    },
  };
});
