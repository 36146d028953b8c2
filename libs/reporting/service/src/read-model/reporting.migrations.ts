import type { Migration } from '@collections/shared-event-store';

/**
 * The reporting read models, all derived from one table:
 *
 * - `rep_events`: every integration event received (envelope and payload), in the order
 *   received. It is the reporting service's own copy of the topics: the raw export for
 *   BI teams, and what a rebuild replays.
 * - `rep_facts`: one row per event a KPI needs, with its business date (the date the
 *   event says the thing happened: `paidOn`, `asOf`, the date part of `registeredAt`...),
 *   so any KPI can be computed for any period or as of any past date.
 *
 * `reporting_derive_facts(from, to)` is the one derivation, in SQL and set-wise: the
 * consumer calls it for the event it has just stored (in the inbox's transaction), the
 * rebuild for the whole table after truncating the facts.
 */
/**
 * The one derivation of facts from `rep_events` (seq from $1 to $2, tenant $3 or every
 * tenant), set-wise. The rebuild runs it as the function `reporting_derive_facts`; the
 * consumer runs this text itself with its one seq, so PostgreSQL plans it with the value
 * (a SQL function's body is planned for any range, and at 1,000,000 events that plan read
 * the whole log for each event).
 */
export const DERIVE_FACTS_SQL = `WITH derived AS (
  INSERT INTO rep_facts (seq, tenant_id, type, debt_id, business_date, amount, channel, outcome, bucket, ref, ref_date, segment, portfolio, agent)
  SELECT * FROM (
  SELECT e.seq, e.tenant_id, e.type,
    CASE WHEN e.type NOT IN ('AgreementEntered', 'AgreementEnded', 'PaymentReceived') THEN (e.payload->>'debtId')::uuid END,
    reporting_day(CASE e.type
      WHEN 'DebtRegistered' THEN e.payload->>'registeredAt'
      WHEN 'DebtPaymentRecorded' THEN e.payload->>'paidOn'
      WHEN 'DebtPaymentReversed' THEN e.payload->>'reversedOn'
      WHEN 'DebtSettled' THEN e.payload->>'settledOn'
      WHEN 'DebtReopened' THEN e.payload->>'reopenedOn'
      WHEN 'DebtWrittenOff' THEN e.payload->>'writtenOffAt'
      WHEN 'DebtAgingBucketChanged' THEN e.payload->>'asOf'
      WHEN 'PromiseToPayMade' THEN e.payload->>'madeAt'
      WHEN 'PromiseToPayKept' THEN e.payload->>'keptOn'
      WHEN 'PromiseToPayBroken' THEN e.payload->>'brokenAt'
      WHEN 'AgreementEntered' THEN e.payload->>'enteredAt'
      WHEN 'AgreementEnded' THEN e.payload->>'endedAt'
      WHEN 'PaymentReceived' THEN e.payload->>'paidOn'
      WHEN 'CallOutcomeRecorded' THEN e.payload->>'completedAt'
      WHEN 'ListingRemovalRequested' THEN e.payload->>'requestedAt'
      WHEN 'ListingRemovalConfirmed' THEN e.payload->>'confirmedAt'
      WHEN 'ListingRemovalSlaBreached' THEN e.payload->>'detectedAt'
      ELSE e.payload->>'at' END),
    CASE e.type
      WHEN 'DebtRegistered' THEN (e.payload#>>'{originalAmount,amount}')::bigint
      -- what the payment paid on this debt: an overpayment is the debtor's credit, not recovery
      WHEN 'DebtPaymentRecorded' THEN (e.payload#>>'{amount,amount}')::bigint - coalesce((e.payload#>>'{overpayment,amount}')::bigint, 0)
      -- a reversal takes back what its payment had paid on the debt
      WHEN 'DebtPaymentReversed' THEN coalesce((
        SELECT (p.payload#>>'{amount,amount}')::bigint - coalesce((p.payload#>>'{overpayment,amount}')::bigint, 0)
        FROM rep_events p
        WHERE p.tenant_id = e.tenant_id AND p.type = 'DebtPaymentRecorded'
          AND p.payload->>'debtId' = e.payload->>'debtId' AND p.payload->>'paymentId' = e.payload->>'paymentId'
        -- no ORDER BY: a payment is recorded once per debt, and an order by seq would lead the
        -- planner to walk the whole log backwards instead of the debt's index
        LIMIT 1), (e.payload#>>'{amount,amount}')::bigint)
      WHEN 'PromiseToPayMade' THEN (e.payload#>>'{amount,amount}')::bigint
      WHEN 'PromiseToPayKept' THEN (e.payload#>>'{paid,amount}')::bigint
      WHEN 'PromiseToPayBroken' THEN (e.payload#>>'{amount,amount}')::bigint
      WHEN 'PaymentReceived' THEN (e.payload#>>'{amount,amount}')::bigint
    END,
    CASE e.type WHEN 'PaymentReceived' THEN e.payload->>'method' WHEN 'ListingRemovalConfirmed' THEN e.payload->>'bureau' ELSE e.payload->>'channel' END,
    CASE e.type
      WHEN 'ContactSent' THEN 'sent'
      WHEN 'ContactDeferred' THEN 'deferred'
      WHEN 'ContactBlocked' THEN 'blocked'
      WHEN 'ContactFailed' THEN 'failed'
      WHEN 'CallTaskCreated' THEN 'call_task'
      WHEN 'AgreementEnded' THEN e.payload->>'reason'
      WHEN 'CallOutcomeRecorded' THEN e.payload->>'outcome'
    END,
    CASE WHEN e.type = 'DebtAgingBucketChanged' THEN e.payload->>'to' END,
    CASE e.type
      -- a removal's bureaus, sorted, comma-separated (each must confirm)
      WHEN 'ListingRemovalRequested' THEN (SELECT string_agg(b, ',' ORDER BY b) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.payload->'bureaus') = 'array' THEN e.payload->'bureaus' ELSE '[]'::jsonb END) AS b)
      WHEN 'CallOutcomeRecorded' THEN e.payload->>'taskId'
      ELSE coalesce(e.payload->>'paymentId', e.payload->>'promiseId', e.payload->>'agreementId', e.payload->>'debtorId')
    END,
    CASE e.type
      WHEN 'DebtPaymentReversed' THEN reporting_day(e.payload->>'paidOn')
      -- a removal's SLA day (5 business days, computed by legal)
      WHEN 'ListingRemovalRequested' THEN reporting_day(e.payload->>'slaDueOn')
      WHEN 'ListingRemovalSlaBreached' THEN reporting_day(e.payload->>'slaDueOn')
    END,
    -- a debt's segment (absent: default) and portfolio (absent: none), on its registration
    CASE WHEN e.type = 'DebtRegistered' THEN coalesce(e.payload->>'segment', 'default') END,
    CASE WHEN e.type = 'DebtRegistered' THEN e.payload->>'portfolio' END,
    CASE WHEN e.type = 'CallOutcomeRecorded' THEN e.payload->>'agent' END
  FROM rep_events e
  WHERE e.seq BETWEEN $1::bigint AND $2::bigint AND ($3::text IS NULL OR e.tenant_id = $3::text)
    AND e.type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff',
      'DebtAgingBucketChanged', 'ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated',
      'PromiseToPayMade', 'PromiseToPayKept', 'PromiseToPayBroken', 'AgreementEntered', 'AgreementEnded', 'PaymentReceived',
      'CallOutcomeRecorded', 'ListingRemovalRequested', 'ListingRemovalConfirmed', 'ListingRemovalSlaBreached')
  -- OFFSET 0 keeps the subquery whole: the date is computed once per event, not again for the filter
  OFFSET 0
  ) AS fact (seq, tenant_id, type, debt_id, business_date, amount, channel, outcome, bucket, ref, ref_date, segment, portfolio, agent)
  WHERE fact.business_date IS NOT NULL
  RETURNING 1
)
SELECT count(*) FROM derived`;

export const REPORTING_READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reporting events and facts',
    sql: `
CREATE TABLE rep_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version int NOT NULL,
  topic text NOT NULL,
  stream_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX rep_events_tenant ON rep_events (tenant_id, seq);
CREATE INDEX rep_events_debt ON rep_events (tenant_id, (payload->>'debtId'));

CREATE TABLE rep_facts (
  seq bigint NOT NULL,
  tenant_id text NOT NULL,
  type text NOT NULL,
  debt_id uuid,
  business_date date NOT NULL,
  amount bigint,
  channel text,
  outcome text,
  bucket text,
  ref text,
  -- a reversal's: the date of the payment it takes back (so it is attributed as that payment was)
  ref_date date
);
CREATE INDEX rep_facts_tenant_type_date ON rep_facts (tenant_id, type, business_date);
CREATE INDEX rep_facts_tenant_debt ON rep_facts (tenant_id, debt_id, business_date);

-- The date part of an ISO date or instant, as written by the producer; NULL when absent
-- or not a calendar date of 0001-9999 (a contract that only checks the shape lets
-- 2026-02-31 through): such an event is kept raw but yields no fact, and never stops the
-- consumer for every tenant. Nested CASEs, so no cast runs on a value the test before refused.
CREATE FUNCTION reporting_day(value text) RETURNS date LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN value ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' THEN
    CASE WHEN substr(value, 1, 4) <> '0000' THEN
      -- days 1-28 exist in every month: only the last days of a month need the calendar
      CASE WHEN substr(value, 9, 2) <= '28' OR substr(value, 9, 2)::int <= extract(day FROM make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1) + interval '1 month' - interval '1 day')
      THEN substr(value, 1, 10)::date END
    END
  END
$fn$;
`,
  },
  {
    version: 2,
    name: 'reporting facts: segment, portfolio, call agent, legal removals',
    sql: `
-- a debt's segment and portfolio (on its DebtRegistered fact), a call's agent (CallOutcomeRecorded)
ALTER TABLE rep_facts ADD COLUMN segment text, ADD COLUMN portfolio text, ADD COLUMN agent text;
CREATE INDEX rep_facts_tenant_registered ON rep_facts (tenant_id, debt_id) INCLUDE (segment, portfolio) WHERE type = 'DebtRegistered';

-- the one derivation (created here, not in version 1, so it always has the columns it writes)
CREATE OR REPLACE FUNCTION reporting_derive_facts(p_from bigint, p_to bigint, p_tenant text DEFAULT NULL) RETURNS bigint LANGUAGE sql AS $fn$
${DERIVE_FACTS_SQL}
$fn$;

-- what a supervisor configured a contact attempt to cost, per channel, in centavos
CREATE TABLE rep_channel_costs (
  tenant_id text NOT NULL,
  channel text NOT NULL,
  centavos bigint NOT NULL CHECK (centavos >= 0),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, channel)
);
`,
  },
  {
    version: 3,
    name: 'reporting aggregates: daily flows, debt spans, daily stock',
    sql: `
-- per tenant, business date, fact type and dimension: how many facts and their amount
-- (a payment's or reversal's channel and agent are the ones it is attributed to)
CREATE TABLE rep_daily (
  tenant_id text NOT NULL,
  type text NOT NULL,
  day date NOT NULL,
  segment text,
  portfolio text,
  channel text,
  outcome text,
  agent text,
  n bigint NOT NULL,
  amount bigint NOT NULL
);
CREATE UNIQUE INDEX rep_daily_key ON rep_daily (tenant_id, type, day, segment, portfolio, channel, outcome, agent) NULLS NOT DISTINCT;

-- per debt, the spans of business dates over which it is open or written off
CREATE TABLE rep_debt_intervals (
  tenant_id text NOT NULL,
  debt_id uuid NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  state text NOT NULL,
  state_on date,
  bucket text,
  original bigint NOT NULL,
  amount bigint NOT NULL,
  placed_on date,
  segment text,
  portfolio text
);
CREATE INDEX rep_debt_intervals_debt ON rep_debt_intervals (tenant_id, debt_id);
CREATE INDEX rep_debt_intervals_largest ON rep_debt_intervals (tenant_id, amount DESC, debt_id) WHERE state = 'open';

-- the spans as daily deltas: the stock as of a date is the sum of the deltas up to it
CREATE TABLE rep_daily_stock (
  tenant_id text NOT NULL,
  state text NOT NULL,
  day date NOT NULL,
  segment text,
  portfolio text,
  bucket text,
  state_on date,
  n bigint NOT NULL,
  amount bigint NOT NULL
);
CREATE UNIQUE INDEX rep_daily_stock_key ON rep_daily_stock (tenant_id, state, day, segment, portfolio, bucket, state_on) NULLS NOT DISTINCT;

-- the satisfaction KPI reads the surveys from the events kept: without this, every event of the tenant
CREATE INDEX rep_events_surveys ON rep_events (tenant_id, seq) WHERE type IN ('SatisfactionSurveySent', 'SatisfactionSurveyAnswered');
`,
  },
];
