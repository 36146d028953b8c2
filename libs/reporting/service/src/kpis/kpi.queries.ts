import type { SqlTransaction } from '@collections/shared-event-store';
import type { PeriodRequest } from './period.request';
import { callCounts, channelCost, legalSla, rate, RIGHT_PARTY_OUTCOMES, type CallCounts, type ChannelCost, type LegalSla, type RemovalDates } from './kpi.rules';

export { rate } from './kpi.rules';

/**
 * The KPIs of one tenant, read from the aggregates (`rep_daily`, `rep_daily_stock`,
 * `rep_debt_intervals`, kept by the consumer and the rebuild: read-model/reporting.aggregates.ts),
 * so a request reads the days and groups of its period, not every fact; the legal SLA,
 * agreements and satisfaction read their few facts / events. The facts-based statements
 * they replace are kept as the reference in kpi.facts-reference.ts. Amounts are integer
 * centavos (BRL); rates are ratios rounded to 4 decimals, null when the denominator is 0.
 */
type Db = Pick<SqlTransaction, 'query'>;

/** Days before a payment in which the last contact sent gets the payment (attribution rule). */
export const ATTRIBUTION_WINDOW_DAYS = 30;
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+'] as const;
export const CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'voice'] as const;

const n = (value: unknown): number => Number(value ?? 0);

/**
 * The segment / portfolio filter on facts of a debt (`alias.debt_id`): the debt's
 * registration (its DebtRegistered fact) must carry them. '' without a filter. Pushes its
 * values onto `params`.
 */
export function debtFilter(period: PeriodRequest, params: unknown[], alias: string): string {
  const conditions = registrationConditions(period, params, 'r');
  if (conditions === '') return '';
  // a semi-join PostgreSQL can hash: over 100,000 debts the filtered dashboard took 1.7x the unfiltered one with an EXISTS per fact, 1.2x with this
  return ` AND ${alias}.debt_id IN (SELECT r.debt_id FROM rep_facts r WHERE r.tenant_id = $1 AND r.type = 'DebtRegistered'${conditions})`;
}

/** ` AND alias.segment = $n AND alias.portfolio = $m` for the filters given, '' for none. */
export function registrationConditions(period: PeriodRequest, params: unknown[], alias: string): string {
  let sql = '';
  if (period.segment !== undefined) {
    params.push(period.segment);
    sql += ` AND ${alias}.segment = $${params.length}`;
  }
  if (period.portfolio !== undefined) {
    params.push(period.portfolio);
    sql += ` AND ${alias}.portfolio = $${params.length}`;
  }
  return sql;
}

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
  /** The same figures per segment of the debts (segments with any figure, by name). */
  readonly bySegment: readonly PortfolioSegment[];
}

export interface PortfolioSegment {
  readonly segment: string;
  readonly placed: AmountCount;
  readonly recovered: AmountCount;
  readonly writtenOff: AmountCount;
  readonly open: AmountCount;
}

const isEmpty = (a: AmountCount) => a.count === 0 && a.amount === 0;

export async function portfolioKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Portfolio> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = registrationConditions(period, params, 'a');
  // placed and recovered: the period's days; open, aging and written off: the stock's deltas up to `to`
  const flows = await db.query<Record<string, string | null>>(
    `SELECT a.segment,
            sum(a.n) FILTER (WHERE a.type = 'DebtRegistered') AS placed_count,
            coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtRegistered'), 0) AS placed_amount,
            coalesce(sum(a.n) FILTER (WHERE a.type = 'DebtPaymentRecorded'), 0) AS recovered_count,
            coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtPaymentRecorded'), 0) - coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtPaymentReversed'), 0) AS recovered_amount,
            coalesce(sum(a.n) FILTER (WHERE a.type IN ('DebtPaymentRecorded', 'DebtPaymentReversed')), 0) AS payment_facts
     FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed') AND a.day BETWEEN $2 AND $3${filter}
     GROUP BY 1`,
    params,
  );
  const stock = await db.query<Record<string, string | null>>(
    `SELECT a.segment, a.state, coalesce(a.bucket, 'current') AS bucket, sum(a.n) AS count, sum(a.amount) AS amount
     FROM rep_daily_stock a
     WHERE a.tenant_id = $1 AND a.day <= $3 AND (a.state = 'open' OR (a.state = 'written_off' AND a.state_on >= $2))${filter}
     GROUP BY 1, 2, 3`,
    params,
  );
  const of = (segment: string | null, state: string): AmountCount => {
    const rows = stock.filter((r) => (segment === null || r['segment'] === segment) && r['state'] === state);
    return { count: rows.reduce((t, r) => t + n(r['count']), 0), amount: rows.reduce((t, r) => t + n(r['amount']), 0) };
  };
  const flowOf = (segment: string | null, count: string, amount: string): AmountCount => {
    const rows = flows.filter((r) => segment === null || r['segment'] === segment);
    return { count: rows.reduce((t, r) => t + n(r[count]), 0), amount: rows.reduce((t, r) => t + n(r[amount]), 0) };
  };
  const names = [...new Set([...stock.map((r) => r['segment']), ...flows.map((r) => r['segment'])].filter((name): name is string => typeof name === 'string'))].sort();
  const bySegment = names
    .map((segment) => ({
      segment,
      placed: flowOf(segment, 'placed_count', 'placed_amount'),
      recovered: flowOf(segment, 'recovered_count', 'recovered_amount'),
      writtenOff: of(segment, 'written_off'),
      open: of(segment, 'open'),
    }))
    .filter((line) => !(isEmpty(line.placed) && isEmpty(line.recovered) && isEmpty(line.writtenOff) && isEmpty(line.open)));
  return {
    from: period.from,
    to: period.to,
    placed: flowOf(null, 'placed_count', 'placed_amount'),
    recovered: flowOf(null, 'recovered_count', 'recovered_amount'),
    writtenOff: of(null, 'written_off'),
    open: of(null, 'open'),
    agingAsOf: period.to,
    aging: AGING_BUCKETS.map((bucket) => {
      const rows = stock.filter((r) => r['state'] === 'open' && r['bucket'] === bucket);
      return { bucket, count: rows.reduce((t, r) => t + n(r['count']), 0), amount: rows.reduce((t, r) => t + n(r['amount']), 0) };
    }),
    bySegment,
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
  /** Placed and recovered per segment of the debts over the period (segments with either, by name). */
  readonly bySegment: readonly { readonly segment: string; readonly placed: number; readonly recovered: number; readonly rate: number | null }[];
}

export const ATTRIBUTION_RULE =
  `A payment (and its reversal) is attributed to the channel of the last contact sent (ContactSent) on the same debt within ${ATTRIBUTION_WINDOW_DAYS} days before the payment's date, the payment's day included; without one it is "unattributed".`;

export const AGENT_ATTRIBUTION_RULE =
  `A payment (and its reversal) is attributed to the agent of the last right-party call (CallOutcomeRecorded with outcome ${RIGHT_PARTY_OUTCOMES.join(', ')}) on the same debt within ${ATTRIBUTION_WINDOW_DAYS} days before the payment's date, the payment's day included; without one it is "unattributed".`;

/**
 * Payments and reversals dated in the period, per what they are attributed to (or
 * 'unattributed'): count of payments, recovered net of reversals. A reversal goes where
 * its payment went (the window is taken from the payment's date).
 */
async function attributedRecovery(db: Db, tenantId: string, period: PeriodRequest, to: 'channel' | 'agent'): Promise<{ key: string; payments: number; recovered: number }[]> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = registrationConditions(period, params, 'a');
  // the attribution was computed when the facts were aggregated (read-model/reporting.aggregates.ts)
  const rows = await db.query<Record<string, string>>(
    `SELECT coalesce(a.${to === 'channel' ? 'channel' : 'agent'}, 'unattributed') AS key,
            coalesce(sum(a.n) FILTER (WHERE a.type = 'DebtPaymentRecorded'), 0) AS payments,
            sum(CASE WHEN a.type = 'DebtPaymentRecorded' THEN a.amount ELSE -a.amount END) AS recovered
     FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type IN ('DebtPaymentRecorded', 'DebtPaymentReversed') AND a.day BETWEEN $2 AND $3${filter}
     GROUP BY 1 HAVING sum(a.n) <> 0 ORDER BY 1`,
    params,
  );
  return rows.map((row) => ({ key: String(row['key']), payments: n(row['payments']), recovered: n(row['recovered']) }));
}

export async function recoveryKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Recovery> {
  const channels = await attributedRecovery(db, tenantId, period, 'channel');
  const params: unknown[] = [tenantId, period.from, period.to];
  const onRegistration = registrationConditions(period, params, 'a');
  const months = await db.query<Record<string, string | null>>(
    `SELECT to_char(date_trunc('month', a.day), 'YYYY-MM') AS month, a.segment,
            coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtRegistered'), 0) AS placed,
            coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtPaymentRecorded'), 0) - coalesce(sum(a.amount) FILTER (WHERE a.type = 'DebtPaymentReversed'), 0) AS recovered
     FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type IN ('DebtRegistered', 'DebtPaymentRecorded', 'DebtPaymentReversed') AND a.day BETWEEN $2 AND $3${onRegistration}
     GROUP BY 1, 2 HAVING sum(a.n) <> 0`,
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

export interface ContactAttempts {
  readonly from: string;
  readonly to: string;
  readonly total: number;
  readonly byChannel: readonly { readonly channel: string; readonly sent: number; readonly deferred: number; readonly blocked: number; readonly failed: number; readonly callTask: number; readonly total: number }[];
  /** The calls completed (CallOutcomeRecorded) in the period, by outcome, and the right-party contact rate. */
  readonly calls: CallCounts;
  /** Per channel with a configured cost (PUT /reporting/channel-costs): what its attempts cost; empty when none is configured. */
  readonly costs: readonly ChannelCost[];
}

const CONTACT_TYPES = `('ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated')`;

export async function contactAttemptsKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<ContactAttempts> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = registrationConditions(period, params, 'a');
  const rows = await db.query<Record<string, string>>(
    `SELECT a.channel, a.outcome, sum(a.n) AS count FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type IN ${CONTACT_TYPES} AND a.day BETWEEN $2 AND $3${filter}
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
  const filter = registrationConditions(period, params, 'a');
  const rows = await db.query<Record<string, string>>(
    `SELECT a.agent, a.outcome, sum(a.n) AS count FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type = 'CallOutcomeRecorded' AND a.day BETWEEN $2 AND $3${filter}
     GROUP BY 1, 2 HAVING sum(a.n) <> 0`,
    params,
  );
  return rows.map((row) => ({ agent: String(row['agent'] ?? ''), outcome: String(row['outcome'] ?? ''), count: n(row['count']) }));
}

export interface AgentLine extends CallCounts {
  readonly agent: string;
  /** Payments attributed to the agent (AGENT_ATTRIBUTION_RULE) dated in the period. */
  readonly payments: number;
  /** Recovered attributed to the agent, net of reversals, centavos. */
  readonly recovered: number;
}

export interface Agents {
  readonly from: string;
  readonly to: string;
  readonly attributionRule: string;
  /** Every agent with a call completed or a payment attributed in the period, by name. */
  readonly agents: readonly AgentLine[];
  /** Payments in the period with no right-party call in their window. */
  readonly unattributed: { readonly payments: number; readonly recovered: number };
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

/**
 * The listing removals (legal) against their SLA. A removal is one ListingRemovalRequested;
 * it is confirmed on the day the last of the bureaus it names confirmed
 * (ListingRemovalConfirmed on the same debt and bureau, received after the request and
 * before the debt's next request). Classified by `legalSla`.
 */
export async function legalSlaKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<LegalSla> {
  // every removal requested by `to` (the ones before the period may be confirmed or pending in it)
  const params: unknown[] = [tenantId, period.to];
  const filter = debtFilter(period, params, 'f');
  const removals = await db.query<{ requested_on: string; sla_due_on: string; confirmed_on: string | null }>(
    `WITH r AS (
       SELECT f.seq, f.tenant_id, f.debt_id, f.business_date AS requested_on, f.ref_date AS sla_due_on, string_to_array(f.ref, ',') AS bureaus,
              (SELECT min(x.seq) FROM rep_facts x WHERE x.tenant_id = f.tenant_id AND x.debt_id = f.debt_id AND x.type = 'ListingRemovalRequested' AND x.seq > f.seq) AS next_seq
       FROM rep_facts f
       WHERE f.tenant_id = $1 AND f.type = 'ListingRemovalRequested' AND f.business_date <= $2 AND f.ref_date IS NOT NULL AND f.ref IS NOT NULL${filter}
     )
     SELECT to_char(r.requested_on, 'YYYY-MM-DD') AS requested_on, to_char(r.sla_due_on, 'YYYY-MM-DD') AS sla_due_on,
            (SELECT CASE WHEN bool_and(c.first IS NOT NULL) THEN to_char(max(c.first), 'YYYY-MM-DD') END
             FROM unnest(r.bureaus) AS b(bureau)
             CROSS JOIN LATERAL (
               SELECT min(c.business_date) AS first FROM rep_facts c
               WHERE c.tenant_id = r.tenant_id AND c.debt_id = r.debt_id AND c.type = 'ListingRemovalConfirmed' AND c.channel = b.bureau
                 AND c.seq > r.seq AND (r.next_seq IS NULL OR c.seq < r.next_seq)
             ) c) AS confirmed_on
     FROM r`,
    params,
  );
  const breachParams: unknown[] = [tenantId, period.from, period.to];
  const breachFilter = debtFilter(period, breachParams, 'f');
  const [breaches] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM rep_facts f WHERE f.tenant_id = $1 AND f.type = 'ListingRemovalSlaBreached' AND f.business_date BETWEEN $2 AND $3${breachFilter}`,
    breachParams,
  );
  return legalSla(
    period,
    removals.map((r): RemovalDates => ({ requestedOn: r.requested_on, slaDueOn: r.sla_due_on, confirmedOn: r.confirmed_on })),
    n(breaches?.n),
  );
}

/** The configured cost of an attempt per channel (centavos), channels in their usual order. */
export async function channelCosts(db: Db, tenantId: string): Promise<{ channel: string; centavosPerAttempt: number }[]> {
  const rows = await db.query<{ channel: string; centavos: string }>('SELECT channel, centavos FROM rep_channel_costs WHERE tenant_id = $1', [tenantId]);
  return CHANNELS.flatMap((channel) => {
    const row = rows.find((r) => r.channel === channel);
    return row ? [{ channel, centavosPerAttempt: n(row.centavos) }] : [];
  });
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
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = registrationConditions(period, params, 'a');
  const rows = await db.query<Record<string, string>>(
    `SELECT a.type, sum(a.n) AS count, coalesce(sum(a.amount), 0) AS amount FROM rep_daily a
     WHERE a.tenant_id = $1 AND a.type IN ('PromiseToPayMade', 'PromiseToPayKept', 'PromiseToPayBroken') AND a.day BETWEEN $2 AND $3${filter} GROUP BY 1`,
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
  const params: unknown[] = [tenantId, period.from, period.to];
  // an agreement is of a segment / portfolio when any of the debts it names (debtIds) is
  const conditions = registrationConditions(period, params, 'r');
  const filter =
    conditions === ''
      ? ''
      : ` AND EXISTS (SELECT 1 FROM rep_events e CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.payload->'debtIds') = 'array' THEN e.payload->'debtIds' ELSE '[]'::jsonb END) AS x(id)
           JOIN rep_facts r ON r.tenant_id = e.tenant_id AND r.type = 'DebtRegistered' AND r.debt_id::text = lower(x.id)
           WHERE e.seq = f.seq${conditions})`;
  const [row] = await db.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE f.type = 'AgreementEntered') AS made,
            count(*) FILTER (WHERE f.type = 'AgreementEnded' AND f.outcome = 'completed') AS fulfilled,
            count(*) FILTER (WHERE f.type = 'AgreementEnded' AND f.outcome = 'broken') AS broken,
            count(*) FILTER (WHERE f.type = 'AgreementEnded' AND f.outcome = 'cancelled') AS cancelled
     FROM rep_facts f WHERE f.tenant_id = $1 AND f.type IN ('AgreementEntered', 'AgreementEnded') AND f.business_date BETWEEN $2 AND $3${filter}`,
    params,
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
  const params: unknown[] = [tenantId, period.to];
  const onDebts = registrationConditions(period, params, 'i');
  // the open spans by amount owed (an index), the first ones that cover `to`
  const rows = await db.query<Record<string, string>>(
    `SELECT i.debt_id::text AS debt_id, to_char(i.placed_on, 'YYYY-MM-DD') AS placed_on, i.bucket, i.original, i.amount AS open
     FROM rep_debt_intervals i
     WHERE i.tenant_id = $1 AND i.state = 'open' AND i.valid_from <= $2 AND (i.valid_to IS NULL OR i.valid_to > $2)${onDebts}
     ORDER BY i.amount DESC, i.debt_id LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
    params,
  );
  return rows.map((r) => ({ debtId: String(r['debt_id']), placedOn: String(r['placed_on']), bucket: String(r['bucket']), original: n(r['original']), open: n(r['open']) }));
}

/** Surveys answered and their scores, in one group (the whole tenant, an agent, a channel). */
export interface SatisfactionLine {
  readonly sent: number;
  readonly answered: number;
  /** Of the answers given in the period, by score 1..5. */
  readonly scores: { readonly '1': number; readonly '2': number; readonly '3': number; readonly '4': number; readonly '5': number };
  /** Mean of the scores answered in the period, to 2 decimals; null without an answer. */
  readonly averageScore: number | null;
  /** answered / sent, both counted in the period; null when none was sent. */
  readonly responseRate: number | null;
}

export interface Satisfaction extends SatisfactionLine {
  readonly from: string;
  readonly to: string;
  readonly byAgent: readonly ({ readonly agent: string } & SatisfactionLine)[];
  readonly byChannel: readonly ({ readonly channel: string } & SatisfactionLine)[];
}

/**
 * The one-question survey (1-5) the contacts context sends after a right-party call:
 * `SatisfactionSurveySent` dated by `sentAt` and `SatisfactionSurveyAnswered` by
 * `answeredAt`, each counted in the period its own date falls in; by the agent of the call
 * and by the survey's channel. Read from the events kept (`rep_events`), filtered by the
 * debt's segment / portfolio like every fact.
 */
export async function satisfactionKpi(db: Db, tenantId: string, period: PeriodRequest): Promise<Satisfaction> {
  const params: unknown[] = [tenantId, period.from, period.to];
  const filter = debtFilter(period, params, 'f');
  const rows = await db.query<{ agent: string; channel: string; type: string; score: string | null; n: string }>(
    `SELECT f.agent, f.channel, f.type, f.score, count(*)::text AS n FROM (
       SELECT e.tenant_id, (e.payload->>'debtId')::uuid AS debt_id, e.payload->>'agent' AS agent, e.payload->>'channel' AS channel, e.type,
              CASE WHEN e.type = 'SatisfactionSurveyAnswered' THEN e.payload->>'score' END AS score,
              reporting_day(CASE WHEN e.type = 'SatisfactionSurveySent' THEN e.payload->>'sentAt' ELSE e.payload->>'answeredAt' END) AS business_date
       FROM rep_events e
       WHERE e.tenant_id = $1 AND e.type IN ('SatisfactionSurveySent', 'SatisfactionSurveyAnswered')
       OFFSET 0
     ) f
     WHERE f.business_date BETWEEN $2 AND $3${filter}
     GROUP BY 1, 2, 3, 4`,
    params,
  );
  const line = (match: (row: (typeof rows)[number]) => boolean): SatisfactionLine => {
    const mine = rows.filter(match);
    const sent = mine.filter((r) => r.type === 'SatisfactionSurveySent').reduce((sum, r) => sum + n(r.n), 0);
    const answers = mine.filter((r) => r.type === 'SatisfactionSurveyAnswered');
    const count = (score: string): number => answers.filter((r) => r.score === score).reduce((sum, r) => sum + n(r.n), 0);
    const scores = { '1': count('1'), '2': count('2'), '3': count('3'), '4': count('4'), '5': count('5') };
    const answered = answers.reduce((sum, r) => sum + n(r.n), 0);
    const total = answers.reduce((sum, r) => sum + n(r.score) * n(r.n), 0);
    return { sent, answered, scores, averageScore: answered === 0 ? null : Math.round((total / answered) * 100) / 100, responseRate: rate(answered, sent) };
  };
  const agents = [...new Set(rows.map((r) => r.agent))].sort();
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  return {
    from: period.from,
    to: period.to,
    ...line(() => true),
    byAgent: agents.map((agent) => ({ agent, ...line((r) => r.agent === agent) })),
    byChannel: channels.map((channel) => ({ channel, ...line((r) => r.channel === channel) })),
  };
}
