import type { Migration } from '@collections/shared-event-store';

/** The legal service's own tables, beside its event store (the kit runs them at start). */
export const LEGAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'deadlines and the escalation summary',
    sql: `
      -- one durable deadline per debt: the next moment its escalation must be looked at
      -- (notice trigger, end of the notice period, a bureau call to retry, the removal SLA);
      -- the scheduler takes due rows FOR UPDATE SKIP LOCKED
      CREATE TABLE legal_deadlines (
        tenant_id text NOT NULL,
        debt_id   uuid NOT NULL,
        due_at    timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, debt_id)
      );
      CREATE INDEX legal_deadlines_due ON legal_deadlines (due_at);

      -- what the SLA view reads: one row per debt with a removal requested, written in the
      -- transaction of the command that changed it
      CREATE TABLE legal_removals (
        tenant_id       text NOT NULL,
        debt_id         uuid NOT NULL,
        reason          text NOT NULL,
        since           date NOT NULL,
        sla_due_on      date NOT NULL,
        requested_at    timestamptz NOT NULL,
        bureaus_pending text[] NOT NULL,
        breached        boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, debt_id)
      );
      CREATE INDEX legal_removals_due ON legal_removals (tenant_id, sla_due_on) WHERE cardinality(bureaus_pending) > 0;
    `,
  },
];
