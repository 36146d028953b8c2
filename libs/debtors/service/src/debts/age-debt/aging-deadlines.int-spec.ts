import { randomUUID } from 'node:crypto';
import { NodePostgresDriver, runMigrations } from '@collections/shared-event-store';
import { TestClock } from '@collections/shared-kernel';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { BusinessCalendar } from '../../shared/business-calendar';
import { DEBTORS_READ_MODEL_MIGRATIONS } from '../list-debts/debtors-read-model.migrations';
import type { AgeDebtHandler } from './age-debt.handler';
import { AgingScheduler } from './aging-deadlines';

describe('the aging scheduler on PostgreSQL', () => {
  let database: TestDatabase;
  let driver: NodePostgresDriver;
  const calendar = new BusinessCalendar(new TestClock('2026-03-02T12:00:00.000Z'));

  beforeAll(async () => {
    database = await createTestDatabase('aging_scheduler');
    driver = NodePostgresDriver.create({ ...database.config, max: 2 });
    await runMigrations(driver, DEBTORS_READ_MODEL_MIGRATIONS, 'debtors_read_model_migrations');
  });
  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  const deadline = async (debtId: string) =>
    (await driver.query<{ due_on: string; attempts: number; last_error: string | null }>(`SELECT due_on::text, attempts, last_error FROM debt_deadlines WHERE debt_id = $1`, [debtId]))[0];

  it('counts a database error while aging a debt as a failure and looks again at the next sweep, never a day later as if there were nothing to do', async () => {
    const debtId = randomUUID();
    await driver.query(`INSERT INTO debt_deadlines (tenant_id, debt_id, due_on) VALUES ('tenant-a', $1, '2026-03-01')`, [debtId]);
    let failing = true;
    const aged: string[] = [];
    // the handler's contract: it throws what it cannot do (here, the connection dropped under it)
    const handler = {
      execute: async (_tenant: string, id: string) => {
        if (failing) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
        aged.push(id);
      },
    } as unknown as AgeDebtHandler;
    const scheduler = new AgingScheduler(driver, handler, calendar);

    expect(await scheduler.runDue()).toBe(1);
    expect(await deadline(debtId)).toEqual({ due_on: '2026-03-01', attempts: 1, last_error: 'Connection terminated unexpectedly' });

    failing = false;
    expect(await scheduler.runDue()).toBe(1); // still due: looked at again
    expect(aged).toEqual([debtId]);
    expect((await deadline(debtId))?.due_on).toBe('2026-03-03'); // done for today: tomorrow, unless the projection moved it on
  });
});
