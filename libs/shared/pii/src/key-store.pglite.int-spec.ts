import { PgliteDriver } from '@collections/shared-event-store';
import { describeKeyStoreContract } from './contract/key-store.contract';

describeKeyStoreContract('PGlite', () => {
  let driver: PgliteDriver | undefined;
  return {
    concurrentTransactions: false,
    async open() {
      driver = await PgliteDriver.create();
      return driver;
    },
    async another() {
      // the same in-process database through another handle (PGlite serialises transactions)
      return new PgliteDriver(driver!.db, false);
    },
    async close() {
      await driver?.close();
    },
  };
});
