import type { SqlTransaction } from '@collections/shared-event-store';
import type { PeriodRequest } from './period.request';
import { callCounts, channelCost, rate, RIGHT_PARTY_OUTCOMES, type ChannelCost } from './kpi.rules';
import { AGENT_ATTRIBUTION_RULE, AGING_BUCKETS, ATTRIBUTION_RULE, ATTRIBUTION_WINDOW_DAYS, CHANNELS, channelCosts, debtFilter, registrationConditions, type Agents, type AmountCount, type ContactAttempts, type OpenDebt, type Portfolio, type Promises, type Recovery } from './kpi.queries';

/**
 * The KPIs as they were computed before the aggregates (`rep_daily`, `rep_daily_stock`,
 * `rep_debt_intervals`): each one SQL statement over every fact of the tenant. Not served:
 * kept as the reference the aggregate-based answers must equal
 * (`kpi.aggregates.int-spec.ts`, on random event sequences, live and after a rebuild).
 */
type Db = Pick<SqlTransaction, 'query'>;

const n = (value: unknown): number => Number(value ?? 0);


/** Each debt's segment and portfolio, from its registration (one row per debt; joined by hash, not looked up per fact). */
const REGISTRATIONS = `(SELECT debt_id, max(segment) AS segment, max(portfolio) AS portfolio FROM rep_facts WHERE tenant_id = $1 AND type = 'DebtRegistered' GROUP BY debt_id)`;

const DEBT_STATUS_TYPES = `('DebtRegistered', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff')`;

/** Each debt placed up to `to`, as of `to`: original amount, net paid, its last status event and aging bucket. */
const debtsAsOf = (asOf: number) => `
  SELECT debt_id,
    max(amount) FILTER (WHERE type = 'DebtRegistered') AS original,
    min(business_date) FILTER (WHERE type = 'DebtRegistered') AS placed_on,
    max(segment) FILTER (WHERE type = 'DebtRegistered') AS segment,
    max(portfolio) FILTER (WHERE type = 'DebtRegistered') AS portfolio,
    coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentRecorded'), 0) - coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentReversed'), 0) AS paid,
    (array_agg(type ORDER BY business_date DESC, seq DESC) FILTER (WHERE type IN ${DEBT_STATUS_TYPES}))[1] AS status,
    (array_agg(business_date ORDER BY business_date DESC, seq DESC) FILTER (WHERE type IN ${DEBT_STATUS_TYPES}))[1] AS status_on,
    (array_agg(bucket ORDER BY business_date DESC, seq DESC) FILTER (WHERE type = 'DebtAgingBucketChanged'))[1] AS bucket
  FROM rep_facts
  WHERE tenant_id = $1 AND debt_id IS NOT NULL AND business_date <= $${asOf}
    AND type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff', 'DebtAgingBucketChanged')
  GROUP BY debt_id`;

const amountCount = (count: unknown, amount: unknown): AmountCount => ({ count: n(count), amount: n(amount) });
const isEmpty = (a: AmountCount) => a.count === 0 && a.amount === 0;

export async function portfolioKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Portfolio> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const onDebts = registrationConditions(period, params, 'd');
  // one pass over the facts for the debts (the CTE is read twice, so PostgreSQL computes it once)
  const [totals] = await db.query<Record<string, unknown>>(
    `WITH d AS (${debtsAsOf(3)}),
     s AS (
       SELECT segment,
            count(*) FILTER (WHERE placed_on >= $2) AS placed_count,
            coalesce(sum(original) FILTER (WHERE placed_on >= $2), 0) AS placed_amount,
            count(*) FILTER (WHERE status = 'DebtWrittenOff' AND status_on >= $2) AS written_off_count,
            coalesce(sum(greatest(original - paid, 0)) FILTER (WHERE status = 'DebtWrittenOff' AND status_on >= $2), 0) AS written_off_amount,
            count(*) FILTER (WHERE status IN ('DebtRegistered', 'DebtReopened')) AS open_count,
            coalesce(sum(greatest(original - paid, 0)) FILTER (WHERE status IN ('DebtRegistered', 'DebtReopened')), 0) AS open_amount
       FROM d WHERE original IS NOT NULL${onDebts} GROUP BY segment)
     SELECT (SELECT coalesce(json_agg(s), '[]'::json) FROM s) AS segments,
            (SELECT coalesce(json_agg(json_build_object('bucket', bucket, 'count', n, 'amount', amount)), '[]'::json) FROM (
               SELECT coalesce(bucket, 'current') AS bucket, count(*) AS n, coalesce(sum(greatest(original - paid, 0)), 0) AS amount
               FROM d WHERE original IS NOT NULL AND status IN ('DebtRegistered', 'DebtReopened')${onDebts} GROUP BY 1) b) AS aging`,
    params,
  );
  const recoveredParams: unknown[] = [tenantId, period.from, period.to];
  const onRegistration = registrationConditions(period, recoveredParams, 'reg');
  const recoveredRows = await db.query<Record<string, string | null>>(
    `SELECT reg.segment,
            count(*) FILTER (WHERE f.type = 'DebtPaymentRecorded') AS count,
            coalesce(sum(CASE WHEN f.type = 'DebtPaymentRecorded' THEN f.amount ELSE -f.amount END), 0) AS amount
     FROM rep_facts f LEFT JOIN ${REGISTRATIONS} reg ON reg.debt_id = f.debt_id
     WHERE f.tenant_id = $1 AND f.type IN ('DebtPaymentRecorded', 'DebtPaymentReversed') AND f.business_date BETWEEN $2 AND $3${onRegistration}
     GROUP BY 1`,
    recoveredParams,
  );
  const segments = (totals?.['segments'] ?? []) as Record<string, unknown>[];
  const aging = (totals?.['aging'] ?? []) as { bucket: string; count: unknown; amount: unknown }[];
  const byBucket = new Map(aging.map((row) => [row.bucket, row]));
  const sum = (rows: readonly Record<string, unknown>[], count: string, amount: string): AmountCount => ({
    count: rows.reduce((total, r) => total + n(r[count]), 0),
    amount: rows.reduce((total, r) => total + n(r[amount]), 0),
  });
  const names = [...new Set([...segments.map((r) => r['segment']), ...recoveredRows.map((r) => r['segment'])].filter((name): name is string => typeof name === 'string'))].sort();
  const bySegment = names
    .map((segment) => {
      const row = segments.find((r) => r['segment'] === segment) ?? {};
      const paid = recoveredRows.find((r) => r['segment'] === segment);
      return {
        segment,
        placed: amountCount(row['placed_count'], row['placed_amount']),
        recovered: amountCount(paid?.['count'], paid?.['amount']),
        writtenOff: amountCount(row['written_off_count'], row['written_off_amount']),
        open: amountCount(row['open_count'], row['open_amount']),
      };
    })
    .filter((line) => !(isEmpty(line.placed) && isEmpty(line.recovered) && isEmpty(line.writtenOff) && isEmpty(line.open)));
  return {
    from: period.from,
    to: period.to,
    placed: sum(segments, 'placed_count', 'placed_amount'),
    recovered: sum(recoveredRows, 'count', 'amount'),
    writtenOff: sum(segments, 'written_off_count', 'written_off_amount'),
    open: sum(segments, 'open_count', 'open_amount'),
    agingAsOf: period.to,
    aging: AGING_BUCKETS.map((bucket) => ({ bucket, count: n(byBucket.get(bucket)?.count), amount: n(byBucket.get(bucket)?.amount) })),
    bySegment,
  };
}


const ATTRIBUTION_TO = {
  channel: { column: 'channel', condition: `s.type = 'ContactSent'` },
  agent: { column: 'agent', condition: `s.type = 'CallOutcomeRecorded' AND s.outcome IN (${RIGHT_PARTY_OUTCOMES.map((o) => `'${o}'`).join(', ')})` },
} as const;

/**
 * Payments and reversals dated in the period, per what they are attributed to (or
 * 'unattributed'): count of payments, recovered net of reversals. A reversal goes where
 * its payment went (the window is taken from the payment's date).
 */
async function attributedRecovery(db: Db, tenantId: string, period: PeriodRequest, to: keyof typeof ATTRIBUTION_TO): Promise<{ key: string; payments: number; recovered: number }[]> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = debtFilter(period, params, 'f');
  const target = ATTRIBUTION_TO[to];
  const rows = await db.query<Record<string, string>>(
    `SELECT coalesce(c.key, 'unattributed') AS key,
            count(*) FILTER (WHERE f.type = 'DebtPaymentRecorded') AS payments,
            sum(CASE WHEN f.type = 'DebtPaymentRecorded' THEN f.amount ELSE -f.amount END) AS recovered
     FROM rep_facts f
     LEFT JOIN LATERAL (
       SELECT s.${target.column} AS key FROM rep_facts s
       WHERE s.tenant_id = f.tenant_id AND s.debt_id = f.debt_id AND ${target.condition}
         AND s.business_date BETWEEN coalesce(f.ref_date, f.business_date) - ${ATTRIBUTION_WINDOW_DAYS} AND coalesce(f.ref_date, f.business_date)
       ORDER BY s.business_date DESC, s.seq DESC LIMIT 1
     ) c ON true
     WHERE f.tenant_id = $1 AND f.type IN ('DebtPaymentRecorded', 'DebtPaymentReversed') AND f.business_date BETWEEN $2 AND $3${filter}
     GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((row) => ({ key: String(row['key']), payments: n(row['payments']), recovered: n(row['recovered']) }));
}

export async function recoveryKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Recovery> {
  const channels = await attributedRecovery(db, tenantId, period, 'channel');
  const params: unknown[] = [tenantId, period.from, period.to];
  const onRegistration = registrationConditions(period, params, 'reg');
  const months = await db.query<Record<string, string | null>>(
    `SELECT to_char(date_trunc('month', f.business_date), 'YYYY-MM') AS month, reg.segment,
            coalesce(sum(f.amount) FILTER (WHERE f.type = 'DebtRegistered'), 0) AS placed,
            coalesce(sum(f.amount) FILTER (WHERE f.type = 'DebtPaymentRecorded'), 0) - coalesce(sum(f.amount) FILTER (WHERE f.type = 'DebtPaymentReversed'), 0) AS recovered
     FROM rep_facts f LEFT JOIN ${REGISTRATIONS} reg ON reg.debt_id = f.debt_id
     WHERE f.tenant_id = $1 AND f.type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed') AND f.business_date BETWEEN $2 AND $3${onRegistration}
     GROUP BY 1, 2`,
    params,
  );
  const total = (rows: readonly Record<string, string | null>[], field: string) => rows.reduce((sum, row) => sum + n(row[field]), 0);
  const monthNames = [...new Set(months.map((row) => String(row['month'])))].sort();
  const byMonth = monthNames.map((month) => {
    const rows = months.filter((row) => row['month'] === month);
    return { month, placed: total(rows, 'placed'), recovered: total(rows, 'recovered'), rate: rate(total(rows, 'recovered'), total(rows, 'placed')) };
  });
  const segmentNames = [...new Set(months.map((row) => row['segment']).filter((name): name is string => typeof name === 'string'))].sort();
  const bySegment = segmentNames.map((segment) => {
    const rows = months.filter((row) => row['segment'] === segment);
    return { segment, placed: total(rows, 'placed'), recovered: total(rows, 'recovered'), rate: rate(total(rows, 'recovered'), total(rows, 'placed')) };
  });
  const placed = byMonth.reduce((sum, m) => sum + m.placed, 0);
  const recovered = byMonth.reduce((sum, m) => sum + m.recovered, 0);
  return {
    from: period.from,
    to: period.to,
    placed,
    recovered,
    rate: rate(recovered, placed),
    attributionRule: ATTRIBUTION_RULE,
    byChannel: channels.map((row) => ({ channel: row.key, payments: row.payments, recovered: row.recovered, rate: rate(row.recovered, placed) })),
    byMonth,
    bySegment,
  };
}


const CONTACT_TYPES = `('ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated')`;

export async function contactAttemptsKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<ContactAttempts> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = debtFilter(period, params, 'f');
  const rows = await db.query<Record<string, string>>(
    `SELECT f.channel, f.outcome, count(*) AS count FROM rep_facts f
     WHERE f.tenant_id = $1 AND f.type IN ${CONTACT_TYPES} AND f.business_date BETWEEN $2 AND $3${filter}
     GROUP BY 1, 2`,
    params,
  );
  const count = (channel: string, outcome: string) => n(rows.find((r) => r['channel'] === channel && r['outcome'] === outcome)?.['count']);
  const byChannel = CHANNELS.map((channel) => {
    const line = { channel, sent: count(channel, 'sent'), deferred: count(channel, 'deferred'), blocked: count(channel, 'blocked'), failed: count(channel, 'failed'), callTask: count(channel, 'call_task') };
    return { ...line, total: line.sent + line.deferred + line.blocked + line.failed + line.callTask };
  });
  const calls = callCounts((await callOutcomes(db, tenantId, period)).map((row) => ({ outcome: row.outcome, count: row.count })));
  const configured = await channelCosts(db, tenantId);
  let costs: ChannelCost[] = [];
  if (configured.length > 0) {
    const recovered = await attributedRecovery(db, tenantId, period, 'channel');
    costs = configured.map(({ channel, centavosPerAttempt }) =>
      channelCost(channel, centavosPerAttempt, channel === 'voice' ? calls.completed : count(channel, 'sent'), recovered.find((r) => r.key === channel)?.recovered ?? 0),
    );
  }
  return { from: period.from, to: period.to, total: byChannel.reduce((sum, c) => sum + c.total, 0), byChannel, calls, costs };
}

/** Calls completed in the period per agent and outcome. */
async function callOutcomes(db: Db, tenantId: string, period: PeriodRequest): Promise<{ agent: string; outcome: string; count: number }[]> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = debtFilter(period, params, 'f');
  const rows = await db.query<Record<string, string>>(
    `SELECT f.agent, f.outcome, count(*) AS count FROM rep_facts f
     WHERE f.tenant_id = $1 AND f.type = 'CallOutcomeRecorded' AND f.business_date BETWEEN $2 AND $3${filter}
     GROUP BY 1, 2`,
    params,
  );
  return rows.map((row) => ({ agent: String(row['agent'] ?? ''), outcome: String(row['outcome'] ?? ''), count: n(row['count']) }));
}


export async function agentsKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Agents> {
  const calls = await callOutcomes(db, tenantId, period);
  const attributed = await attributedRecovery(db, tenantId, period, 'agent');
  const paid = attributed.filter((row) => row.key !== 'unattributed');
  const names = [...new Set([...calls.map((c) => c.agent), ...paid.map((p) => p.key)])].sort();
  const agents = names.map((agent) => {
    const payments = paid.find((p) => p.key === agent);
    return { agent, ...callCounts(calls.filter((c) => c.agent === agent)), payments: payments?.payments ?? 0, recovered: payments?.recovered ?? 0 };
  });
  const none = attributed.find((row) => row.key === 'unattributed');
  return { from: period.from, to: period.to, attributionRule: AGENT_ATTRIBUTION_RULE, agents, unattributed: { payments: none?.payments ?? 0, recovered: none?.recovered ?? 0 } };
}

export async function promisesKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Promises> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = debtFilter(period, params, 'f');
  const rows = await db.query<Record<string, string>>(
    `SELECT f.type, count(*) AS count, coalesce(sum(f.amount), 0) AS amount FROM rep_facts f
     WHERE f.tenant_id = $1 AND f.type IN ('PromiseToPayMade', 'PromiseToPayKept', 'PromiseToPayBroken') AND f.business_date BETWEEN $2 AND $3${filter} GROUP BY 1`,
    params,
  );
  const of = (type: string): AmountCount => {
    const row = rows.find((r) => r['type'] === type);
    return { count: n(row?.['count']), amount: n(row?.['amount']) };
  };
  const kept = of('PromiseToPayKept');
  const broken = of('PromiseToPayBroken');
  return { from: period.from, to: period.to, made: of('PromiseToPayMade'), kept, broken, keptRate: rate(kept.count, kept.count + broken.count) };
}

export async function largestOpenDebts(db: Db, tenantId: string, period: PeriodRequest, limit: number): Promise<readonly OpenDebt[]> {
  const params: unknown[] = [tenantId, period.to];
  const onDebts = registrationConditions(period, params, 'd');
  const rows = await db.query<Record<string, string>>(
    `WITH d AS (${debtsAsOf(2)})
     SELECT debt_id::text AS debt_id, to_char(placed_on, 'YYYY-MM-DD') AS placed_on, coalesce(bucket, 'current') AS bucket, original, greatest(original - paid, 0) AS open
     FROM d WHERE original IS NOT NULL AND status IN ('DebtRegistered', 'DebtReopened')${onDebts}
     ORDER BY open DESC, debt_id LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
    params,
  );
  return rows.map((r) => ({ debtId: String(r['debt_id']), placedOn: String(r['placed_on']), bucket: String(r['bucket']), original: n(r['original']), open: n(r['open']) }));
}
