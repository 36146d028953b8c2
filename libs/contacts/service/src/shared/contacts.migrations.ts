import type { Migration } from '@collections/shared-event-store';

/**
 * The contacts service's own tables beside its event store: what it learnt from the
 * debtors context (no personal data: kind, state, zone), the durable deadlines of the
 * scheduler, the attempts index for frequency caps, templates and the creditor's
 * identification.
 */
export const CONTACTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contacts: debtors and debts known, deadlines, attempts, segments, templates, creditors, letters',
    sql: `
CREATE TABLE contacts_debtors (
  tenant_id   text    NOT NULL,
  debtor_id   uuid    NOT NULL,
  kind        text    NOT NULL,
  state       text    NOT NULL,
  time_zone   text,
  erased      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, debtor_id)
);
CREATE TABLE contacts_debts (
  tenant_id   text NOT NULL,
  debt_id     uuid NOT NULL,
  debtor_id   uuid NOT NULL,
  segment     text NOT NULL,
  contract_reference text NOT NULL,
  PRIMARY KEY (tenant_id, debt_id)
);
CREATE INDEX contacts_debts_by_debtor ON contacts_debts (tenant_id, debtor_id);
-- one row per debt whose cadence has a next step: the scheduler's durable deadline
CREATE TABLE contacts_deadlines (
  tenant_id   text        NOT NULL,
  debt_id     uuid        NOT NULL,
  due_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, debt_id)
);
CREATE INDEX contacts_deadlines_due ON contacts_deadlines (due_at);
-- every contact made, by debtor and channel: the rolling frequency caps read it
CREATE TABLE contacts_attempts (
  tenant_id   text        NOT NULL,
  message_id  text        NOT NULL,
  debtor_id   uuid        NOT NULL,
  debt_id     uuid        NOT NULL,
  channel     text        NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX contacts_attempts_by_debtor ON contacts_attempts (tenant_id, debtor_id, at);
-- the cadence that runs for a segment's debts: the last one defined for it
CREATE TABLE contacts_segment_cadences (
  tenant_id   text NOT NULL,
  segment     text NOT NULL,
  cadence_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, segment)
);
-- templates are immutable: a step names the exact text it sends
CREATE TABLE contacts_templates (
  tenant_id    text        NOT NULL,
  template_id  uuid        NOT NULL,
  channel      text        NOT NULL,
  name         text        NOT NULL,
  subject      text,
  body         text        NOT NULL,
  created_at   timestamptz NOT NULL,
  created_by   text        NOT NULL,
  PRIMARY KEY (tenant_id, template_id)
);
-- the creditor's identification every message must carry (CDC art. 42-A)
CREATE TABLE contacts_creditors (
  tenant_id   text        PRIMARY KEY,
  name        text        NOT NULL,
  address     text        NOT NULL,
  tax_id      text        NOT NULL,
  updated_at  timestamptz NOT NULL
);
-- provider ids of messages sent, for delivery receipts
CREATE TABLE contacts_messages (
  provider           text NOT NULL,
  provider_message_id text NOT NULL,
  tenant_id          text NOT NULL,
  debt_id            uuid NOT NULL,
  message_id         text NOT NULL,
  PRIMARY KEY (provider, provider_message_id)
);
CREATE TABLE contacts_letters (
  tenant_id   text        NOT NULL,
  letter_id   uuid        NOT NULL,
  debt_id     uuid        NOT NULL,
  pdf         bytea       NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, letter_id)
);`,
  },
  {
    version: 2,
    name: 'contacts: the keyed index of the addresses messages went to (to recognise an inbound sender)',
    sql: `
-- HMAC of the tenant and the normalised address (never the address): who answered, and on which contact point
CREATE TABLE contacts_addresses (
  tenant_id         text  NOT NULL,
  address_key       text  NOT NULL,
  debtor_id         uuid  NOT NULL,
  contact_point_id  text  NOT NULL,
  PRIMARY KEY (tenant_id, address_key, debtor_id, contact_point_id)
);`,
  },
  {
    version: 3,
    name: 'contacts: the agents\' call queues (one row per call task, written with its events)',
    sql: `
-- where each call task stands, for take-next: the calltask-<id> stream decides, this row finds
CREATE TABLE contacts_call_tasks (
  tenant_id    text        NOT NULL,
  task_id      uuid        NOT NULL,
  debt_id      uuid        NOT NULL,
  queue        text        NOT NULL,
  priority     integer     NOT NULL,
  due_at       timestamptz NOT NULL,
  state        text        NOT NULL CHECK (state IN ('queued', 'held', 'completed')),
  holder       text,
  lease_until  timestamptz,
  version      integer     NOT NULL,
  PRIMARY KEY (tenant_id, task_id)
);
-- take-next walks a queue's open tasks in its order; completed ones leave the index
CREATE INDEX contacts_call_tasks_next ON contacts_call_tasks (tenant_id, queue, priority DESC, due_at, task_id) WHERE state <> 'completed';`,
  },
  {
    version: 4,
    name: 'contacts: the durable deadline of each open promise to pay',
    sql: `
-- one row per open promise: when its day and grace are over, the scheduler checks it
CREATE TABLE contacts_promise_deadlines (
  tenant_id   text        NOT NULL,
  promise_id  uuid        NOT NULL,
  debt_id     uuid        NOT NULL,
  debtor_id   uuid,
  due_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, promise_id)
);
CREATE INDEX contacts_promise_deadlines_due ON contacts_promise_deadlines (due_at);`,
  },
  {
    version: 5,
    name: 'contacts: the prior notices of a bureau listing the legal context asked for, until sent',
    sql: `
-- one row per notice asked for; the scheduler sends it and records the outcome on prior-notice-<id>
CREATE TABLE contacts_prior_notices (
  tenant_id          text        NOT NULL,
  notice_id          uuid        NOT NULL,
  debt_id            uuid        NOT NULL,
  debtor_id          uuid        NOT NULL,
  amount             bigint      NOT NULL,
  currency           text        NOT NULL,
  due_date           date        NOT NULL,
  listing_not_before date        NOT NULL,
  requested_at       timestamptz NOT NULL,
  state              text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  PRIMARY KEY (tenant_id, notice_id)
);
CREATE INDEX contacts_prior_notices_pending ON contacts_prior_notices (requested_at) WHERE state = 'pending';`,
  },
  {
    version: 6,
    name: "contacts: a tenant's follow-up table (minutes after a call's outcome before the next call)",
    sql: `
-- one row per outcome the tenant set; an outcome without a row takes the default (DEFAULT_FOLLOW_UP_MINUTES)
CREATE TABLE contacts_follow_up_rules (
  tenant_id      text    NOT NULL,
  outcome        text    NOT NULL,
  after_minutes  integer CHECK (after_minutes IS NULL OR after_minutes > 0),
  PRIMARY KEY (tenant_id, outcome)
);`,
  },
  {
    version: 7,
    name: 'contacts: the satisfaction survey after a call (the tenant\'s setting, and each survey until sent)',
    sql: `
-- one row per tenant that set it: off unless it says on
CREATE TABLE contacts_survey_settings (
  tenant_id  text    NOT NULL PRIMARY KEY,
  enabled    boolean NOT NULL,
  channel    text    NOT NULL CHECK (channel IN ('sms', 'email'))
);
-- one row per survey asked for: the scheduler sends it when the contact rules allow; the answer finds it by its token's hash
CREATE TABLE contacts_surveys (
  tenant_id     text        NOT NULL,
  survey_id     uuid        NOT NULL,
  debt_id       uuid        NOT NULL,
  debtor_id     uuid        NOT NULL,
  token_hash    text        NOT NULL UNIQUE,
  channel       text        NOT NULL,
  requested_at  timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  PRIMARY KEY (tenant_id, survey_id)
);
CREATE INDEX contacts_surveys_pending ON contacts_surveys (due_at) WHERE state = 'pending';`,
  },
  {
    version: 8,
    name: 'contacts: the calls placed through the dialer (its call id names the task in its reports)',
    sql: `
CREATE TABLE contacts_dialer_calls (
  call_id    text NOT NULL PRIMARY KEY,
  tenant_id  text NOT NULL,
  task_id    uuid NOT NULL
);`,
  },
];
