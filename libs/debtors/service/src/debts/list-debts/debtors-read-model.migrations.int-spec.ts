import { randomUUID } from 'node:crypto';
import type { PoolConfig } from 'pg';
import { NodePostgresDriver } from '@collections/shared-event-store';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { migrateDebtorsDatabase, startDebtorsService, type DebtorsService } from '../../debtors.service';
import { DEBTORS_READ_MODEL_MIGRATIONS } from './debtors-read-model.migrations';

const TENANT = 'tenant-upgraded';
const OLD_DEBT = randomUUID();
const OLD_DEBTOR = randomUUID();

/**
 * What a database looked like after TypeORM ran `DebtorsReadModel1764000000000`: its
 * bookkeeping table (TypeORM's shape) with the migration's row, the tables that
 * migration created, word for word, and a debtor and a debt the projection had written.
 */
async function layTypeOrmMigratedSchema(config: PoolConfig): Promise<void> {
  const driver = NodePostgresDriver.create({ ...config, max: 1 });
  try {
    await driver.exec(`
      CREATE TABLE "debtors_typeorm_migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL,
        CONSTRAINT "PK_debtors_typeorm_migrations" PRIMARY KEY ("id"));
      INSERT INTO "debtors_typeorm_migrations" ("timestamp", "name") VALUES (1764000000000, 'DebtorsReadModel1764000000000');
      CREATE TABLE debtor_view (
        tenant_id      text        NOT NULL,
        debtor_id      uuid        NOT NULL,
        kind           text        NOT NULL,
        name_token     text        NULL,
        tax_id_token   text        NULL,
        state          text        NOT NULL,
        time_zone      text        NOT NULL,
        contact_points jsonb       NOT NULL,
        erased         boolean     NOT NULL DEFAULT false,
        registered_at  timestamptz NOT NULL,
        version        bigint      NOT NULL,
        PRIMARY KEY (tenant_id, debtor_id)
      );
      CREATE TABLE debt_view (
        tenant_id          text        NOT NULL,
        debt_id            uuid        NOT NULL,
        debtor_id          uuid        NOT NULL,
        contract_reference text        NOT NULL,
        original_amount    bigint      NOT NULL,
        currency           text        NOT NULL,
        due_date           date        NOT NULL,
        status             text        NOT NULL,
        aging_bucket       text        NOT NULL,
        days_past_due      integer     NOT NULL DEFAULT 0,
        registered_at      timestamptz NOT NULL,
        version            bigint      NOT NULL,
        PRIMARY KEY (tenant_id, debt_id)
      );
      CREATE INDEX debt_view_listing_idx ON debt_view (tenant_id, status, aging_bucket, registered_at, debt_id);
      CREATE INDEX debt_view_debtor_idx ON debt_view (tenant_id, debtor_id);
      CREATE TABLE debt_deadlines (
        tenant_id   text        NOT NULL,
        debt_id     uuid        NOT NULL,
        due_on      date        NOT NULL,
        attempts    integer     NOT NULL DEFAULT 0,
        last_error  text        NULL,
        PRIMARY KEY (tenant_id, debt_id)
      );
      CREATE INDEX debt_deadlines_due_idx ON debt_deadlines (due_on);
      INSERT INTO debtor_view (tenant_id, debtor_id, kind, name_token, tax_id_token, state, time_zone, contact_points, registered_at, version)
        VALUES ('${TENANT}', '${OLD_DEBTOR}', 'person', 'pii:x', 'pii:y', 'SP', 'America/Sao_Paulo', '[]', '2026-01-05T10:00:00Z', 1);
      INSERT INTO debt_view (tenant_id, debt_id, debtor_id, contract_reference, original_amount, currency, due_date, status, aging_bucket, registered_at, version)
        VALUES ('${TENANT}', '${OLD_DEBT}', '${OLD_DEBTOR}', 'OLD-1', 150000, 'BRL', '2026-09-10', 'open', 'current', '2026-01-05T10:00:00Z', 1);
      INSERT INTO debt_deadlines (tenant_id, debt_id, due_on) VALUES ('${TENANT}', '${OLD_DEBT}', '2026-09-11');
    `);
  } finally {
    await driver.close();
  }
}

async function readModelState(config: PoolConfig) {
  const driver = NodePostgresDriver.create({ ...config, max: 1 });
  try {
    return {
      recorded: (await driver.query<{ version: number }>('SELECT version FROM debtors_read_model_migrations ORDER BY version')).map((r) => r.version),
      typeOrmRows: (await driver.query<{ name: string }>('SELECT name FROM debtors_typeorm_migrations')).map((r) => r.name),
      debts: (await driver.query<{ debt_id: string }>('SELECT debt_id FROM debt_view ORDER BY registered_at')).map((r) => r.debt_id),
      deadlines: (await driver.query<{ due_on: string }>('SELECT due_on::text FROM debt_deadlines')).map((r) => r.due_on),
    };
  } finally {
    await driver.close();
  }
}

describe('the debtors read model schema on a database TypeORM migrated', () => {
  it('the migration job (--migrate) records version 1 over the existing tables, keeps their rows, and runs nothing twice', async () => {
    const database: TestDatabase = await createTestDatabase('debtors_typeorm_upgrade_job');
    try {
      await layTypeOrmMigratedSchema(database.config);
      await migrateDebtorsDatabase(database.config);
      await migrateDebtorsDatabase(database.config);
      expect(await readModelState(database.config)).toEqual({
        recorded: DEBTORS_READ_MODEL_MIGRATIONS.map((m) => m.version),
        // left as it was: the release before this one still starts on this database
        typeOrmRows: ['DebtorsReadModel1764000000000'],
        debts: [OLD_DEBT],
        deadlines: ['2026-09-11'],
      });
    } finally {
      await database.drop();
    }
  });

  describe('at start', () => {
    let kit: TestService<DebtorsService>;
    let laid = false;

    beforeAll(async () => {
      kit = await startServiceForTest('debtors_typeorm_upgrade_start', async (env) => {
        if (!laid) await layTypeOrmMigratedSchema(env.database.config);
        laid = true;
        return startDebtorsService({
          database: env.database.config,
          verifier: env.verifier,
          masterKey: env.masterKey,
          messaging: { kind: 'embedded' },
          http: env.http,
          grpc: false,
          clock: env.clock,
          schedulerIntervalMs: 0,
          projectionPollMs: 20,
          logLevel: 'silent',
          log: () => undefined,
        });
      });
    });
    afterAll(async () => kit?.close());

    it('starts on it, lists what the old read model held, and projects new debts beside it', async () => {
      const token = await kit.token(TENANT, 'integrator');
      const debtor = await kit.call('POST', '/debtors', {
        token,
        idempotencyKey: `upgrade-debtor-${randomUUID()}`,
        body: { taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', contactPoints: [] },
      });
      expect(debtor.status).toBe(201);
      const debt = await kit.call('POST', '/debts', {
        token,
        idempotencyKey: `upgrade-debt-${randomUUID()}`,
        body: { debtorId: debtor.body.debtorId, contractReference: 'NEW-1', originalAmount: { amount: 990, currency: 'BRL' }, dueDate: '2026-09-10', lateFeeRate: '0.02' },
      });
      expect(debt.status).toBe(201);
      await kit.service.projections.catchUp();
      const listed = await kit.call('GET', '/debts', { token });
      expect(listed.body.items.map((d: { contractReference: string }) => d.contractReference)).toEqual(['OLD-1', 'NEW-1']);
      await kit.restart();
      expect((await readModelState(kit.database.config)).recorded).toEqual([1]);
    });
  });
});
