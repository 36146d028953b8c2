import type { Migration } from '@collections/shared-event-store';

/**
 * The debtors read models and the aging deadlines, applied at start (or by the migration
 * job) by the kit's migration runner, recorded in `debtors_read_model_migrations`. A
 * released migration is never edited: add the next version.
 *
 * Version 1 is the schema TypeORM's migration `DebtorsReadModel1764000000000` created
 * before the read side moved to plain SQL: a database it migrated (its row stays in
 * `debtors_typeorm_migrations`) already holds these tables, so every statement here is
 * IF NOT EXISTS and version 1 records itself there without touching them.
 */
export const DEBTORS_READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'debtor_view, debt_view, debt_deadlines',
    sql: `
CREATE TABLE IF NOT EXISTS debtor_view (
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
);
CREATE TABLE IF NOT EXISTS debt_view (
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
CREATE INDEX IF NOT EXISTS debt_view_listing_idx ON debt_view (tenant_id, status, aging_bucket, registered_at, debt_id);
CREATE INDEX IF NOT EXISTS debt_view_debtor_idx ON debt_view (tenant_id, debtor_id);
-- Durable deadlines: "on this date, look at this debt again" (overdue, next aging bucket).
CREATE TABLE IF NOT EXISTS debt_deadlines (
  tenant_id   text        NOT NULL,
  debt_id     uuid        NOT NULL,
  due_on      date        NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0,
  last_error  text        NULL,
  PRIMARY KEY (tenant_id, debt_id)
);
CREATE INDEX IF NOT EXISTS debt_deadlines_due_idx ON debt_deadlines (due_on);
`,
  },
];
