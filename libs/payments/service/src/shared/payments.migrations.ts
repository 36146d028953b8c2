import type { Migration } from '@collections/shared-event-store';

/**
 * The payments service's tables beside its event store. Each is written in the same
 * transaction as the events it follows (no projection lag): a PIX notification arriving a
 * millisecond after its charge was issued finds the charge by its txid.
 */
export const PAYMENTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, charge index, unmatched payments',
    sql: `
      CREATE TABLE payments_settings (
        tenant_id text PRIMARY KEY,
        pix jsonb,
        boleto jsonb,
        webhook_secret text,
        boleto_sequence bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE payments_charges (
        tenant_id text NOT NULL,
        charge_id uuid NOT NULL,
        debtor_id uuid NOT NULL,
        txid text NOT NULL,
        bank_code text,
        nosso_numero text,
        agreement_id uuid,
        installment integer,
        amount bigint NOT NULL,
        currency text NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL,
        PRIMARY KEY (tenant_id, charge_id),
        UNIQUE (tenant_id, txid)
      );
      CREATE INDEX payments_charges_nosso_numero ON payments_charges (tenant_id, nosso_numero) WHERE nosso_numero IS NOT NULL;
      CREATE INDEX payments_charges_agreement ON payments_charges (tenant_id, agreement_id) WHERE agreement_id IS NOT NULL;
      CREATE TABLE payments_unmatched (
        tenant_id text NOT NULL,
        payment_id text NOT NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        paid_on date NOT NULL,
        method text NOT NULL,
        reference text,
        received_at timestamptz NOT NULL,
        matched_charge_id uuid,
        matched_at timestamptz,
        PRIMARY KEY (tenant_id, payment_id)
      );
      CREATE INDEX payments_unmatched_open ON payments_unmatched (tenant_id, received_at) WHERE matched_at IS NULL;
    `,
  },
  {
    version: 2,
    name: 'card gateway webhook secret',
    sql: 'ALTER TABLE payments_settings ADD COLUMN card_webhook_secret text;',
  },
  {
    version: 3,
    name: 'allocations per debt',
    sql: `
      CREATE TABLE payments_allocations (
        tenant_id text NOT NULL,
        payment_id text NOT NULL,
        debt_id uuid NOT NULL,
        amount bigint NOT NULL,
        paid_on date NOT NULL,
        reversed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, payment_id, debt_id)
      );
      CREATE INDEX payments_allocations_debt ON payments_allocations (tenant_id, debt_id);
    `,
  },
];
