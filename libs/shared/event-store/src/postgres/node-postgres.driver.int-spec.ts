import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { NodePostgresDriver } from './node-postgres.driver';

/** The driver when the server goes away under it (a restart, pg_terminate_backend). */
describe('NodePostgresDriver when the server cuts its connections', () => {
  let database: TestDatabase;
  let driver: NodePostgresDriver;
  beforeAll(async () => {
    database = await createTestDatabase('pg_driver');
    driver = NodePostgresDriver.create({ ...database.config, max: 2 });
  });
  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  it('fails the transaction whose session was terminated, without crashing the process, and works afterwards', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let signalStarted!: (pid: number) => void;
      const started = new Promise<number>((resolve) => (signalStarted = resolve));
      const transaction = driver.transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        signalStarted(row!.pid);
        // the session is terminated while this statement waits
        await tx.query('SELECT pg_sleep(30)');
      });
      const pid = await started;
      const admin = new Client(database.config);
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      await expect(transaction).rejects.toThrow(/terminat/i);
      // the error event of the broken connection may come a moment after the rejection
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught).toEqual([]);
      // the broken connection was not handed back: the pool opens another
      await expect(driver.transaction((tx) => tx.query<{ ok: number }>('SELECT 1 AS ok'))).resolves.toEqual([{ ok: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
