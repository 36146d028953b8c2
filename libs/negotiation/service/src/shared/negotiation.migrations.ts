import type { Migration } from '@collections/shared-event-store';

/**
 * The negotiation service's own tables beside its event store: the durable deadlines of
 * offers (validity) and agreements (installments past due and past tolerance), and the
 * charges payments issued for installments (PIX copia-e-cola, boleto line).
 */
export const NEGOTIATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'negotiation: deadlines, installment charges, the active agreement of each debt, the agreements each debt broke',
    sql: `
-- one row per offer or agreement with a deadline to come: the scheduler's durable deadline
CREATE TABLE negotiation_deadlines (
  tenant_id   text        NOT NULL,
  stream_id   text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('offer', 'agreement')),
  due_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, stream_id)
);
CREATE INDEX negotiation_deadlines_due ON negotiation_deadlines (due_at);
-- the charge payments issued for an installment (ChargeIssued v1): the last one wins
CREATE TABLE negotiation_installment_charges (
  tenant_id       text        NOT NULL,
  agreement_id    uuid        NOT NULL,
  installment     integer     NOT NULL,
  charge_id       uuid        NOT NULL,
  txid            text        NOT NULL,
  pix_copy_paste  text        NOT NULL,
  boleto_line     text,
  amount          bigint      NOT NULL,
  due_date        date        NOT NULL,
  issued_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, agreement_id, installment)
);
-- the active agreement of each debt, written with AgreementEntered and deleted with its
-- ending: a second offer on the same debt cannot become a second agreement (that would
-- demand the same money twice, CDC art. 42)
CREATE TABLE negotiation_debt_agreements (
  tenant_id     text NOT NULL,
  debt_id       uuid NOT NULL,
  agreement_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, debt_id)
);
CREATE INDEX negotiation_debt_agreements_by_agreement ON negotiation_debt_agreements (tenant_id, agreement_id);
-- the agreements each debt broke: a renegotiation counts them against the policy's limit
CREATE TABLE negotiation_broken_agreements (
  tenant_id     text        NOT NULL,
  debt_id       uuid        NOT NULL,
  agreement_id  uuid        NOT NULL,
  broken_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, debt_id, agreement_id)
);
`,
  },
];
