import type { SqlTransaction } from '@collections/shared-event-store';
import type { PeriodRequest } from './period.request';

/**
 * The KPIs, each one SQL statement over `rep_facts` for one tenant. Amounts are integer
 * centavos (BRL); rates are ratios rounded to 4 decimals, null when the denominator is 0.
 */
type Db = Pick<SqlTransaction, 'query'>;

/** Days before a payment in which the last contact sent gets the payment (attribution rule). */
export const ATTRIBUTION_WINDOW_DAYS = 30;
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+'] as const;
export const CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'voice'] as const;

const n = (value: unknown): number => Number(value ?? 0);
export const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000);

const DEBT_STATUS_TYPES = `('DebtRegistered', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff')`;

/** Each debt placed up to `to`, as of `to`: original amount, net paid, its last status event and aging bucket. */
const debtsAsOf = (asOf: number) => `
  SELECT debt_id,
    max(amount) FILTER (WHERE type = 'DebtRegistered') AS original,
    min(business_date) FILTER (WHERE type = 'DebtRegistered') AS placed_on,
    coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentRecorded'), 0) - coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentReversed'), 0) AS paid,
    (array_agg(type ORDER BY business_date DESC, seq DESC) FILTER (WHERE type IN ${DEBT_STATUS_TYPES}))[1] AS status,
    (array_agg(business_date ORDER BY business_date DESC, seq DESC) FILTER (WHERE type IN ${DEBT_STATUS_TYPES}))[1] AS status_on,
    (array_agg(bucket ORDER BY business_date DESC, seq DESC) FILTER (WHERE type = 'DebtAgingBucketChanged'))[1] AS bucket
  FROM rep_facts
  WHERE tenant_id = $1 AND debt_id IS NOT NULL AND business_date <= $${asOf}
    AND type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed', 'DebtSettled', 'DebtReopened', 'DebtWrittenOff', 'DebtAgingBucketChanged')
  GROUP BY debt_id`;

export interface AmountCount {
  readonly count: number;
  readonly amount: number;
}

export interface Portfolio {
  readonly from: string;
  readonly to: string;
  /** Debts registered in the period, at their original amount. */
  readonly placed: AmountCount;
  /** Net of reversals: what payments paid on debts in the period (overpayments excluded). */
  readonly recovered: AmountCount;
  /** Debts written off in the period, at what they still owed of their original amount. */
  readonly writtenOff: AmountCount;
  /** As of `to`: debts neither settled nor written off, at original amount minus net paid. */
  readonly open: AmountCount;
  readonly agingAsOf: string;
  readonly aging: readonly { readonly bucket: string; readonly count: number; readonly amount: number }[];
}

export async function portfolioKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Portfolio> {
  const params = [tenantId, period.from, period.to];
  // one pass over the facts for the debts (the CTE is read twice, so PostgreSQL computes it once)
  const [totals] = await db.query<Record<string, unknown>>(
    `WITH d AS (${debtsAsOf(3)})
     SELECT count(*) FILTER (WHERE placed_on >= $2) AS placed_count,
            coalesce(sum(original) FILTER (WHERE placed_on >= $2), 0) AS placed_amount,
            count(*) FILTER (WHERE status = 'DebtWrittenOff' AND status_on >= $2) AS written_off_count,
            coalesce(sum(greatest(original - paid, 0)) FILTER (WHERE status = 'DebtWrittenOff' AND status_on >= $2), 0) AS written_off_amount,
            count(*) FILTER (WHERE status IN ('DebtRegistered', 'DebtReopened')) AS open_count,
            coalesce(sum(greatest(original - paid, 0)) FILTER (WHERE status IN ('DebtRegistered', 'DebtReopened')), 0) AS open_amount,
            (SELECT coalesce(json_agg(json_build_object('bucket', bucket, 'count', n, 'amount', amount)), '[]'::json) FROM (
               SELECT coalesce(bucket, 'current') AS bucket, count(*) AS n, coalesce(sum(greatest(original - paid, 0)), 0) AS amount
               FROM d WHERE original IS NOT NULL AND status IN ('DebtRegistered', 'DebtReopened') GROUP BY 1) b) AS aging
     FROM d WHERE original IS NOT NULL`,
    params,
  );
  const [recovered] = await db.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE type = 'DebtPaymentRecorded') AS count,
            coalesce(sum(CASE WHEN type = 'DebtPaymentRecorded' THEN amount ELSE -amount END), 0) AS amount
     FROM rep_facts WHERE tenant_id = $1 AND type IN ('DebtPaymentRecorded', 'DebtPaymentReversed') AND business_date BETWEEN $2 AND $3`,
    params,
  );
  const aging = (totals?.['aging'] ?? []) as { bucket: string; count: unknown; amount: unknown }[];
  const byBucket = new Map(aging.map((row) => [row.bucket, row]));
  return {
    from: period.from,
    to: period.to,
    placed: { count: n(totals?.['placed_count']), amount: n(totals?.['placed_amount']) },
    recovered: { count: n(recovered?.['count']), amount: n(recovered?.['amount']) },
    writtenOff: { count: n(totals?.['written_off_count']), amount: n(totals?.['written_off_amount']) },
    open: { count: n(totals?.['open_count']), amount: n(totals?.['open_amount']) },
    agingAsOf: period.to,
    aging: AGING_BUCKETS.map((bucket) => ({ bucket, count: n(byBucket.get(bucket)?.count), amount: n(byBucket.get(bucket)?.amount) })),
  };
}

export interface Recovery {
  readonly from: string;
  readonly to: string;
  readonly placed: number;
  readonly recovered: number;
  /** recovered / placed, both over the period. */
  readonly rate: number | null;
  readonly attributionRule: string;
  readonly byChannel: readonly { readonly channel: string; readonly payments: number; readonly recovered: number; readonly rate: number | null }[];
  readonly byMonth: readonly { readonly month: string; readonly placed: number; readonly recovered: number; readonly rate: number | null }[];
}

export const ATTRIBUTION_RULE =
  `A payment (and its reversal) is attributed to the channel of the last contact sent (ContactSent) on the same debt within ${ATTRIBUTION_WINDOW_DAYS} days before the payment's date, the payment's day included; without one it is "unattributed".`;

export async function recoveryKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Recovery> {
  const params = [tenantId, period.from, period.to];
  const channels = await db.query<Record<string, string>>(
    `SELECT coalesce(c.channel, 'unattributed') AS channel,
            count(*) FILTER (WHERE f.type = 'DebtPaymentRecorded') AS payments,
            sum(CASE WHEN f.type = 'DebtPaymentRecorded' THEN f.amount ELSE -f.amount END) AS recovered
     FROM rep_facts f
     LEFT JOIN LATERAL (
       SELECT s.channel FROM rep_facts s
       WHERE s.tenant_id = f.tenant_id AND s.debt_id = f.debt_id AND s.type = 'ContactSent'
         AND s.business_date BETWEEN coalesce(f.ref_date, f.business_date) - ${ATTRIBUTION_WINDOW_DAYS} AND coalesce(f.ref_date, f.business_date)
       ORDER BY s.business_date DESC, s.seq DESC LIMIT 1
     ) c ON true
     WHERE f.tenant_id = $1 AND f.type IN ('DebtPaymentRecorded', 'DebtPaymentReversed') AND f.business_date BETWEEN $2 AND $3
     GROUP BY 1 ORDER BY 1`,
    params,
  );
  const months = await db.query<Record<string, string>>(
    `SELECT to_char(date_trunc('month', business_date), 'YYYY-MM') AS month,
            coalesce(sum(amount) FILTER (WHERE type = 'DebtRegistered'), 0) AS placed,
            coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentRecorded'), 0) - coalesce(sum(amount) FILTER (WHERE type = 'DebtPaymentReversed'), 0) AS recovered
     FROM rep_facts WHERE tenant_id = $1 AND type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed') AND business_date BETWEEN $2 AND $3
     GROUP BY 1 ORDER BY 1`,
    params,
  );
  const byMonth = months.map((row) => ({ month: String(row['month']), placed: n(row['placed']), recovered: n(row['recovered']), rate: rate(n(row['recovered']), n(row['placed'])) }));
  const placed = byMonth.reduce((sum, m) => sum + m.placed, 0);
  const recovered = byMonth.reduce((sum, m) => sum + m.recovered, 0);
  return {
    from: period.from,
    to: period.to,
    placed,
    recovered,
    rate: rate(recovered, placed),
    attributionRule: ATTRIBUTION_RULE,
    byChannel: channels.map((row) => ({ channel: String(row['channel']), payments: n(row['payments']), recovered: n(row['recovered']), rate: rate(n(row['recovered']), placed) })),
    byMonth,
  };
}

export interface ContactAttempts {
  readonly from: string;
  readonly to: string;
  readonly total: number;
  readonly byChannel: readonly { readonly channel: string; readonly sent: number; readonly deferred: number; readonly blocked: number; readonly failed: number; readonly callTask: number; readonly total: number }[];
}

export async function contactAttemptsKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<ContactAttempts> {
  const rows = await db.query<Record<string, string>>(
    `SELECT channel, outcome, count(*) AS count FROM rep_facts
     WHERE tenant_id = $1 AND type IN ('ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated') AND business_date BETWEEN $2 AND $3
     GROUP BY 1, 2`,
    [tenantId, period.from, period.to],
  );
  const count = (channel: string, outcome: string) => n(rows.find((r) => r['channel'] === channel && r['outcome'] === outcome)?.['count']);
  const byChannel = CHANNELS.map((channel) => {
    const line = { channel, sent: count(channel, 'sent'), deferred: count(channel, 'deferred'), blocked: count(channel, 'blocked'), failed: count(channel, 'failed'), callTask: count(channel, 'call_task') };
    return { ...line, total: line.sent + line.deferred + line.blocked + line.failed + line.callTask };
  });
  return { from: period.from, to: period.to, total: byChannel.reduce((sum, c) => sum + c.total, 0), byChannel };
}

export interface Promises {
  readonly from: string;
  readonly to: string;
  readonly made: AmountCount;
  readonly kept: AmountCount;
  readonly broken: AmountCount;
  /** kept / (kept + broken), over promises resolved in the period. */
  readonly keptRate: number | null;
}

export async function promisesKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Promises> {
  const rows = await db.query<Record<string, string>>(
    `SELECT type, count(*) AS count, coalesce(sum(amount), 0) AS amount FROM rep_facts
     WHERE tenant_id = $1 AND type IN ('PromiseToPayMade', 'PromiseToPayKept', 'PromiseToPayBroken') AND business_date BETWEEN $2 AND $3 GROUP BY 1`,
    [tenantId, period.from, period.to],
  );
  const of = (type: string): AmountCount => {
    const row = rows.find((r) => r['type'] === type);
    return { count: n(row?.['count']), amount: n(row?.['amount']) };
  };
  const kept = of('PromiseToPayKept');
  const broken = of('PromiseToPayBroken');
  return { from: period.from, to: period.to, made: of('PromiseToPayMade'), kept, broken, keptRate: rate(kept.count, kept.count + broken.count) };
}

export interface Agreements {
  readonly from: string;
  readonly to: string;
  readonly made: number;
  readonly fulfilled: number;
  readonly broken: number;
  readonly cancelled: number;
  /** fulfilled / (fulfilled + broken), over agreements ended in the period. */
  readonly fulfilledRate: number | null;
}

export async function agreementsKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Agreements> {
  const [row] = await db.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE type = 'AgreementEntered') AS made,
            count(*) FILTER (WHERE type = 'AgreementEnded' AND outcome = 'completed') AS fulfilled,
            count(*) FILTER (WHERE type = 'AgreementEnded' AND outcome = 'broken') AS broken,
            count(*) FILTER (WHERE type = 'AgreementEnded' AND outcome = 'cancelled') AS cancelled
     FROM rep_facts WHERE tenant_id = $1 AND type IN ('AgreementEntered', 'AgreementEnded') AND business_date BETWEEN $2 AND $3`,
    [tenantId, period.from, period.to],
  );
  const fulfilled = n(row?.['fulfilled']);
  const broken = n(row?.['broken']);
  return { from: period.from, to: period.to, made: n(row?.['made']), fulfilled, broken, cancelled: n(row?.['cancelled']), fulfilledRate: rate(fulfilled, fulfilled + broken) };
}

export interface DebtTimeline {
  readonly debtId: string;
  readonly events: readonly { readonly type: string; readonly occurredAt: string; readonly payload: unknown }[];
}

/** Every event received that names the debt, in the order received; undefined when none (or another tenant's). */
export async function debtTimeline(db: Db, tenantId: string, debtId: string): Promise<DebtTimeline | undefined> {
  const rows = await db.query<{ type: string; occurred_at: Date | string; payload: unknown }>(
    `SELECT type, occurred_at, payload FROM rep_events WHERE tenant_id = $1 AND payload->>'debtId' = $2 ORDER BY seq`,
    [tenantId, debtId],
  );
  if (rows.length === 0) return undefined;
  return { debtId, events: rows.map((r) => ({ type: r.type, occurredAt: new Date(r.occurred_at).toISOString(), payload: r.payload })) };
}

export interface OpenDebt {
  readonly debtId: string;
  readonly placedOn: string;
  readonly bucket: string;
  readonly original: number;
  readonly open: number;
}

/** The open debts as of `to` that owe the most of their original amount (the dashboard's drill-down list). */
export async function largestOpenDebts(db: Db, tenantId: string, period: PeriodRequest, limit: number): Promise<readonly OpenDebt[]> {
  const rows = await db.query<Record<string, string>>(
    `WITH d AS (${debtsAsOf(2)})
     SELECT debt_id::text AS debt_id, to_char(placed_on, 'YYYY-MM-DD') AS placed_on, coalesce(bucket, 'current') AS bucket, original, greatest(original - paid, 0) AS open
     FROM d WHERE original IS NOT NULL AND status IN ('DebtRegistered', 'DebtReopened')
     ORDER BY open DESC, debt_id LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
    [tenantId, period.to],
  );
  return rows.map((r) => ({ debtId: String(r['debt_id']), placedOn: String(r['placed_on']), bucket: String(r['bucket']), original: n(r['original']), open: n(r['open']) }));
}
