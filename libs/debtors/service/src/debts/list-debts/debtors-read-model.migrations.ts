import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The debtors read models and the aging deadlines, created by TypeORM at start. */
export class DebtorsReadModel1764000000000 implements MigrationInterface {
  name = 'DebtorsReadModel1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE debtor_view (
        tenant_id      text        NOT NULL,
        debtor_id      uuid        NOT NULL,
        kind           text        NOT NULL,
        -- personal data stays encrypted here too (tokens under the debtor's key)
        name_token     text        NULL,
        tax_id_token   text        NULL,
        state          text        NOT NULL,
        time_zone      text        NOT NULL,
        contact_points jsonb       NOT NULL,
        erased         boolean     NOT NULL DEFAULT false,
        registered_at  timestamptz NOT NULL,
        version        bigint      NOT NULL,
        PRIMARY KEY (tenant_id, debtor_id)
      )`);
    await runner.query(`
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
      )`);
    await runner.query('CREATE INDEX debt_view_listing_idx ON debt_view (tenant_id, status, aging_bucket, registered_at, debt_id)');
    await runner.query('CREATE INDEX debt_view_debtor_idx ON debt_view (tenant_id, debtor_id)');
    // Durable deadlines: "on this date, look at this debt again" (overdue, next aging bucket).
    await runner.query(`
      CREATE TABLE debt_deadlines (
        tenant_id   text        NOT NULL,
        debt_id     uuid        NOT NULL,
        due_on      date        NOT NULL,
        attempts    integer     NOT NULL DEFAULT 0,
        last_error  text        NULL,
        PRIMARY KEY (tenant_id, debt_id)
      )`);
    await runner.query('CREATE INDEX debt_deadlines_due_idx ON debt_deadlines (due_on)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE debt_deadlines');
    await runner.query('DROP TABLE debt_view');
    await runner.query('DROP TABLE debtor_view');
  }
}
