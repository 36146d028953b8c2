import type { SqlTransaction } from '@collections/shared-event-store';
import { ATTRIBUTION_WINDOW_DAYS } from '../kpis/kpi.queries';
import { RIGHT_PARTY_OUTCOMES } from '../kpis/kpi.rules';

/**
 * The pre-aggregated read models the KPIs and the dashboard read, so that what a request
 * reads grows with the days (and groups) of its period, not with the facts:
 *
 * - `rep_daily`: per tenant, business date, fact type and the dimensions the filters and
 *   tables need (the debt's segment and portfolio; a contact's channel and outcome; a
 *   call's agent and outcome; a payment's or reversal's **attributed** channel and agent),
 *   how many facts (`n`) and their amount (centavos).
 * - `rep_debt_intervals`: per debt, the spans of business dates over which it is open or
 *   written off, with what it owes then (original minus net paid, floored at 0), its aging
 *   bucket, original amount and date placed: the largest open debts as of any date.
 * - `rep_daily_stock`: the same spans as daily deltas (+1 and +amount on the day a span
 *   starts, −1 and −amount on the day it ends): open debts and aging as of a date `to` =
 *   the sum of the deltas dated up to `to`.
 *
 * Each is a function of a debt's facts (plus, for a payment, the contacts and calls on
 * the same debt). The texts below take a scope (one debt, or a tenant / every tenant):
 * the consumer runs them for the debt of the event it has just derived, subtracting the
 * debt's contribution before and adding it after (so a late contact, a late registration
 * or a reversal moves a payment's figures where the facts-based rule puts them), and the
 * rebuild runs the same texts once over every debt (set-wise, GROUP BY).
 */

type Scope = (alias: string) => string;

/** One debt of one tenant ($1 tenant, $2 debt id as text). */
const ONE_DEBT: Scope = (a) => `${a}.tenant_id = $1 AND ${a}.debt_id = $2::uuid`;
/** One tenant ($1), or every tenant when $1 is null (the rebuild). */
const TENANT_OR_ALL: Scope = (a) => `($1::text IS NULL OR ${a}.tenant_id = $1::text)`;

const PAYMENT_TYPES = `('DebtPaymentRecorded', 'DebtPaymentReversed')`;
const CONTACT_TYPES = `('ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated')`;
const FLOW_TYPES = `('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed', 'ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated',
  'CallOutcomeRecorded', 'PromiseToPayMade', 'PromiseToPayKept', 'PromiseToPayBroken')`;
const STATUS_TYPES = `('DebtRegistered', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff')`;
const STOCK_TYPES = `('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff', 'DebtAgingBucketChanged')`;
const RIGHT_PARTY = RIGHT_PARTY_OUTCOMES.map((o) => `'${o}'`).join(', ');

/** Types whose fact changes how the debt's other facts are aggregated (its segment, a payment's attribution). */
export const RETROACTIVE_TYPES: ReadonlySet<string> = new Set(['DebtRegistered', 'ContactSent', 'CallOutcomeRecorded']);
export const FLOW_TYPE_SET: ReadonlySet<string> = new Set(FLOW_TYPES.replace(/[()'\s]/g, '').split(','));
export const STOCK_TYPE_SET: ReadonlySet<string> = new Set(STOCK_TYPES.replace(/[()'\s]/g, '').split(','));

/**
 * A fact's place in its debt's history, as text that sorts as it does: its business date,
 * then its arrival (seq), as one zero-padded number (days since 0001-01-01 × 2^40 + seq).
 * `max(ARRAY[order, value])` is then the value of the last such fact.
 */
const order = (date: string, seq: string) => `lpad(((${date} - DATE '0001-01-01')::bigint * 1099511627776 + ${seq})::text, 19, '0')`;
/** The date of an `order` text. */
const dateOf = (ordered: string) => `(DATE '0001-01-01' + (${ordered}::bigint / 1099511627776)::int)`;

/**
 * The `rep_daily` rows of the facts in scope (and, with `oneFact`, only of the fact at seq
 * $3), each with its debt's segment and portfolio (from its registration; none received:
 * no segment) and, for a payment or reversal, what it is attributed to: the last contact
 * sent (channel) and the last right-party call (agent) on the debt within
 * ATTRIBUTION_WINDOW_DAYS days before the payment's date (a reversal: its payment's date),
 * that day included, the last by business date then by arrival. One pass over the debt's
 * facts in the order of the dates they are attributed at (a contact before a payment of
 * the same day), the last contact and call so far carried along.
 */
function flowSql(scope: Scope, oneFact: boolean): string {
  const windowStart = order(`(coalesce(ref_date, business_date) - ${ATTRIBUTION_WINDOW_DAYS})`, '0');
  return `SELECT tenant_id, business_date AS day, type, segment, portfolio,
    CASE WHEN type IN ${PAYMENT_TYPES} THEN CASE WHEN contact[1] >= ${windowStart} THEN contact[2] END
         WHEN type IN ${CONTACT_TYPES} THEN channel END AS channel,
    CASE WHEN type IN ${CONTACT_TYPES} OR type = 'CallOutcomeRecorded' THEN outcome END AS outcome,
    CASE WHEN type IN ${PAYMENT_TYPES} THEN CASE WHEN call[1] >= ${windowStart} THEN call[2] END
         WHEN type = 'CallOutcomeRecorded' THEN agent END AS agent,
    amount
  FROM (
    SELECT f.seq, f.tenant_id, f.type, f.business_date, f.ref_date, f.amount, f.channel, f.outcome, f.agent,
      max(ARRAY[${order('f.business_date', 'f.seq')}, f.channel]) FILTER (WHERE f.type = 'ContactSent') OVER running AS contact,
      max(ARRAY[${order('f.business_date', 'f.seq')}, f.agent]) FILTER (WHERE f.type = 'CallOutcomeRecorded' AND f.outcome IN (${RIGHT_PARTY})) OVER running AS call,
      max(f.segment) FILTER (WHERE f.type = 'DebtRegistered') OVER whole AS segment,
      max(f.portfolio) FILTER (WHERE f.type = 'DebtRegistered') OVER whole AS portfolio
    FROM rep_facts f
    WHERE ${scope('f')} AND f.debt_id IS NOT NULL AND f.type IN ${FLOW_TYPES}
    WINDOW debt AS (PARTITION BY f.tenant_id, f.debt_id
                    ORDER BY CASE WHEN f.type IN ${PAYMENT_TYPES} THEN coalesce(f.ref_date, f.business_date) ELSE f.business_date END, f.type IN ${PAYMENT_TYPES}, f.seq),
      running AS (debt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
      whole AS (debt ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ) f
  WHERE NOT (type = 'DebtRegistered' AND amount IS NULL)${oneFact ? ' AND seq = $3::bigint' : ''}`;
}

const DAILY_KEY = 'tenant_id, type, day, segment, portfolio, channel, outcome, agent';

/** Adds (sign 1) or subtracts (sign −1) the flow of the facts in scope to `rep_daily`. */
function flowUpsertSql(scope: Scope, oneFact: boolean, sign: 1 | -1): string {
  return `INSERT INTO rep_daily AS a (${DAILY_KEY}, n, amount)
  SELECT ${DAILY_KEY}, ${sign} * count(*), ${sign} * coalesce(sum(amount), 0) FROM (${flowSql(scope, oneFact)}) c
  GROUP BY ${DAILY_KEY} ORDER BY ${DAILY_KEY}
  ON CONFLICT (${DAILY_KEY}) DO UPDATE SET n = a.n + excluded.n, amount = a.amount + excluded.amount`;
}

/**
 * A debt's spans of business dates, from its facts in scope: at the end of each day it has
 * a fact, its original amount, net paid, last status (by date, then arrival) and last aging
 * bucket; a span lasts until its next such day. Only the spans where it is open (last status
 * registered or reopened) or written off, and only once registered, as the facts-based
 * `debtsAsOf` counts them.
 */
function intervalsSql(scope: Scope): string {
  const key = (column: string) => `ARRAY[${order('business_date', 'seq')}, ${column}]`;
  return `SELECT tenant_id, debt_id, valid_from, valid_to,
      CASE WHEN status = 'DebtWrittenOff' THEN 'written_off' ELSE 'open' END AS state,
      CASE WHEN status = 'DebtWrittenOff' THEN status_on END AS state_on,
      CASE WHEN status = 'DebtWrittenOff' THEN NULL ELSE bucket END AS bucket,
      original, greatest(original - paid, 0) AS amount, placed_on, segment, portfolio
    FROM (
      SELECT tenant_id, debt_id, business_date AS valid_from,
        lead(business_date) OVER (PARTITION BY tenant_id, debt_id ORDER BY business_date) AS valid_to,
        original, paid, placed_on, segment, portfolio, status[2] AS status, ${dateOf('status[1]')} AS status_on, coalesce(bucket[2], 'current') AS bucket
      FROM (
        SELECT tenant_id, debt_id, business_date,
          max(amount) FILTER (WHERE type = 'DebtRegistered') OVER w AS original,
          min(business_date) FILTER (WHERE type = 'DebtRegistered') OVER w AS placed_on,
          max(segment) FILTER (WHERE type = 'DebtRegistered') OVER w AS segment,
          max(portfolio) FILTER (WHERE type = 'DebtRegistered') OVER w AS portfolio,
          coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentRecorded') OVER w, 0) - coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentReversed') OVER w, 0) AS paid,
          max(${key('type')}) FILTER (WHERE type IN ${STATUS_TYPES}) OVER w AS status,
          max(${key('bucket')}) FILTER (WHERE type = 'DebtAgingBucketChanged') OVER w AS bucket,
          row_number() OVER (PARTITION BY tenant_id, debt_id, business_date) AS nth
        FROM rep_facts f
        WHERE ${scope('f')} AND f.debt_id IS NOT NULL AND f.type IN ${STOCK_TYPES}
        -- RANGE: a day's row sees every fact of that day (the state at the end of the day)
        WINDOW w AS (PARTITION BY tenant_id, debt_id ORDER BY business_date RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      ) running
      WHERE nth = 1
    ) days
    WHERE original IS NOT NULL AND status IN ${STATUS_TYPES} AND status <> 'DebtSettled'`;
}

const INTERVAL_COLUMNS = 'tenant_id, debt_id, valid_from, valid_to, state, state_on, bucket, original, amount, placed_on, segment, portfolio';
const STOCK_KEY = 'tenant_id, state, day, segment, portfolio, bucket, state_on';

/** The daily deltas of the spans in `source` (a relation with the interval columns), times `sign`. */
const stockDeltasSql = (source: string, sign: string) => `SELECT tenant_id, state, valid_from AS day, segment, portfolio, bucket, state_on, ${sign} AS n, ${sign} * amount AS amount FROM ${source}
  UNION ALL SELECT tenant_id, state, valid_to, segment, portfolio, bucket, state_on, -${sign}, -${sign} * amount FROM ${source} WHERE valid_to IS NOT NULL`;

const stockUpsertSql = (deltas: string) => `INSERT INTO rep_daily_stock AS a (${STOCK_KEY}, n, amount)
  SELECT ${STOCK_KEY}, sum(n), sum(amount) FROM (${deltas}) d GROUP BY ${STOCK_KEY} ORDER BY ${STOCK_KEY}
  ON CONFLICT (${STOCK_KEY}) DO UPDATE SET n = a.n + excluded.n, amount = a.amount + excluded.amount`;

/** One debt's spans derived again from its facts, and `rep_daily_stock` moved by the difference (one statement). */
const DEBT_STOCK_SQL = `WITH gone AS (DELETE FROM rep_debt_intervals i WHERE ${ONE_DEBT('i')} RETURNING ${INTERVAL_COLUMNS}),
  made AS (INSERT INTO rep_debt_intervals (${INTERVAL_COLUMNS}) ${intervalsSql(ONE_DEBT)} RETURNING ${INTERVAL_COLUMNS})
${stockUpsertSql(`${stockDeltasSql('made', '1')} UNION ALL ${stockDeltasSql('gone', '(-1)')}`)}`;

const SUBTRACT_DEBT_FLOW_SQL = flowUpsertSql(ONE_DEBT, false, -1);
const ADD_DEBT_FLOW_SQL = flowUpsertSql(ONE_DEBT, false, 1);
const ADD_FACT_FLOW_SQL = flowUpsertSql(ONE_DEBT, true, 1);

type Tx = Pick<SqlTransaction, 'query'>;

/**
 * The live path, around the derivation of one event's facts (`derive`): the aggregates
 * of the event's debt follow its facts in the same transaction. A transaction-scoped
 * advisory lock per debt serialises two events of one debt arriving together on two
 * topics (each then reads the other's committed facts); `rep_facts` is locked first (the
 * mode an insert takes anyway), in the order the rebuild takes its locks.
 */
export async function deriveWithAggregates(
  tx: Tx,
  event: { readonly tenantId: string; readonly type: string; readonly payload: unknown },
  seq: string,
  derive: () => Promise<void>,
): Promise<void> {
  const debtId = (event.payload as Record<string, unknown> | null)?.['debtId'];
  const flow = FLOW_TYPE_SET.has(event.type);
  const stock = STOCK_TYPE_SET.has(event.type);
  if (typeof debtId !== 'string' || !UUID.test(debtId) || (!flow && !stock)) return derive();
  const debt = [event.tenantId, debtId];
  await tx.query('LOCK TABLE rep_facts IN ROW EXCLUSIVE MODE');
  await tx.query(`SELECT pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext($1 || '/' || lower($2)))`, debt);
  const retroactive = RETROACTIVE_TYPES.has(event.type);
  if (retroactive) await tx.query(SUBTRACT_DEBT_FLOW_SQL, debt);
  await derive();
  // a fact has its event's seq: another type adds only its own fact (none when its date was no calendar date)
  if (retroactive) await tx.query(ADD_DEBT_FLOW_SQL, debt);
  else if (flow) await tx.query(ADD_FACT_FLOW_SQL, [...debt, seq]);
  if (stock) await tx.query(DEBT_STOCK_SQL, debt);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The first key of the two-key advisory locks this service takes per debt ('REPT'). */
const ADVISORY_NAMESPACE = 0x52455054;

/** The rebuild's statements ($1: a tenant, or null for every tenant), after the facts. */
export const REBUILD_AGGREGATES_SQL: readonly string[] = [
  `INSERT INTO rep_daily (${DAILY_KEY}, n, amount)
    SELECT ${DAILY_KEY}, count(*), coalesce(sum(amount), 0) FROM (${flowSql(TENANT_OR_ALL, false)}) c GROUP BY ${DAILY_KEY}`,
  `INSERT INTO rep_debt_intervals (${INTERVAL_COLUMNS}) ${intervalsSql(TENANT_OR_ALL)}`,
  `INSERT INTO rep_daily_stock (${STOCK_KEY}, n, amount)
    SELECT ${STOCK_KEY}, sum(n), sum(amount) FROM (${stockDeltasSql(`(SELECT * FROM rep_debt_intervals i WHERE ${TENANT_OR_ALL('i')}) i`, '1')}) d GROUP BY ${STOCK_KEY}`,
];

/** The live path's statements ($1 tenant, $2 debt; $3 the fact's seq), exported for the benchmark's plans. */
export const LIVE_AGGREGATES_SQL = { subtractDebtFlow: SUBTRACT_DEBT_FLOW_SQL, addDebtFlow: ADD_DEBT_FLOW_SQL, addFactFlow: ADD_FACT_FLOW_SQL, debtStock: DEBT_STOCK_SQL } as const;

/** The aggregates of a tenant (or every tenant) derived again from its facts, set-wise (the rebuild, after the facts). */
export async function rebuildAggregates(tx: Tx, tenantId: string | undefined): Promise<void> {
  // JIT compiled these plans for seconds at 300,000 events (their estimates are large) and saved less
  await tx.query('SET LOCAL jit = off');
  // room to hash the groups and sort a tenant's facts in memory (a rebuild runs alone)
  await tx.query("SET LOCAL work_mem = '256MB'");
  for (const sql of REBUILD_AGGREGATES_SQL) await tx.query(sql, [tenantId ?? null]);
  // fresh statistics for tables just refilled: without them, at 1,000,000 debts the planner
  // took the open spans for one row and sorted them all for the 20 largest (1 s, not 2 ms)
  await tx.query(`ANALYZE ${AGGREGATE_TABLES.join(', ')}`);
}

/** The aggregate tables, in the order the rebuild locks them (after `rep_facts`). */
export const AGGREGATE_TABLES = ['rep_daily', 'rep_debt_intervals', 'rep_daily_stock'] as const;
