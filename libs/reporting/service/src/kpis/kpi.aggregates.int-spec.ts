import { NodePostgresDriver, runMigrations } from '@collections/shared-event-store';
import type { IntegrationEvent } from '@collections/shared-messaging';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { recordReportedEvent } from '../consumers/reporting-consumers';
import { REPORTING_READ_MODEL_MIGRATIONS } from '../read-model/reporting.migrations';
import { rebuildReadModels } from '../rebuild/rebuild-read-models/rebuild-read-models';
import * as reference from './kpi.facts-reference';
import * as served from './kpi.queries';
import type { PeriodRequest } from './period.request';

/**
 * The KPIs read from the aggregates equal the facts-based statements they replace
 * (kpi.facts-reference.ts), on random event sequences: several tenants, segments,
 * portfolios, channels, agents, payments and reversals, status changes, aging, promises,
 * debts whose registration never arrives, everything delivered in a random order (late
 * contacts, late registrations, reversals before their payment); for random periods and
 * filters, after live consumption and after a rebuild.
 */

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TENANTS = ['t-one', 't-two'];
const SEGMENTS = ['cartao', 'veiculo', undefined];
const PORTFOLIOS = ['p1', 'p2', undefined];
const CHANNELS = ['email', 'sms', 'whatsapp', 'voice'];
const AGENTS = ['ana', 'bruno', 'caio'];
const OUTCOMES = ['right-party-contact', 'promise-to-pay', 'refused', 'wrong-party', 'no-answer', 'busy'];
const BUCKETS = ['1-30', '31-60', '61-90', '91-180'];

const day = (offset: number) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

function scenario(seed: number): IntegrationEvent[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const int = (max: number) => Math.floor(next() * max);
  const events: { tenantId: string; type: string; payload: Record<string, unknown> }[] = [];
  for (const tenantId of TENANTS) {
    for (let d = 0; d < 12; d++) {
      const debtId = `${String(seed % 1000).padStart(8, '0')}-0000-4000-8000-1${String(TENANTS.indexOf(tenantId)).padStart(3, '0')}${String(d).padStart(8, '0')}`;
      const placed = int(90);
      const original = 1_000 + int(50_000);
      const add = (type: string, payload: Record<string, unknown>) => events.push({ tenantId, type, payload: { debtId, ...payload } });
      // one debt in ten never gets its registration
      if (next() > 0.1) {
        const segment = pick(SEGMENTS);
        const portfolio = pick(PORTFOLIOS);
        add('DebtRegistered', {
          debtorId: debtId,
          originalAmount: { amount: original, currency: 'BRL' },
          registeredAt: `${day(placed)}T12:00:00.000Z`,
          ...(segment ? { segment } : {}),
          ...(portfolio ? { portfolio } : {}),
        });
      }
      for (let i = int(4); i > 0; i--) add('DebtAgingBucketChanged', { from: 'current', to: pick(BUCKETS), asOf: day(placed + int(100)) });
      for (let i = int(6); i > 0; i--) {
        const outcome = pick(['ContactSent', 'ContactSent', 'ContactDeferred', 'ContactBlocked', 'ContactFailed', 'CallTaskCreated']);
        add(outcome, { channel: pick(CHANNELS), at: `${day(placed + int(100))}T1${int(10)}:00:00.000Z` });
      }
      for (let i = int(5); i > 0; i--) add('CallOutcomeRecorded', { taskId: `task-${d}-${i}`, agent: pick(AGENTS), outcome: pick(OUTCOMES), completedAt: `${day(placed + int(100))}T15:00:00.000Z` });
      for (let i = int(4); i > 0; i--) {
        const paidOn = placed + int(110);
        const amount = 100 + int(original);
        const paymentId = `pay-${d}-${i}`;
        add('DebtPaymentRecorded', { paymentId, amount: { amount, currency: 'BRL' }, overpayment: { amount: next() < 0.2 ? int(amount) : 0, currency: 'BRL' }, paidOn: day(paidOn) });
        if (next() < 0.3) add('DebtPaymentReversed', { paymentId, amount: { amount, currency: 'BRL' }, paidOn: day(paidOn), reversedOn: day(paidOn + int(20)), reason: 'chargeback' });
      }
      for (let i = int(3); i > 0; i--) {
        const type = pick(['DebtSettled', 'DebtReopened', 'DebtWrittenOff']);
        const on = day(placed + int(120));
        add(type, type === 'DebtSettled' ? { settledOn: on } : type === 'DebtReopened' ? { reopenedOn: on } : { writtenOffAt: `${on}T10:00:00.000Z` });
      }
      for (let i = int(3); i > 0; i--) {
        const promiseId = `promise-${d}-${i}`;
        const made = placed + int(100);
        add('PromiseToPayMade', { promiseId, amount: { amount: 500 + int(5_000), currency: 'BRL' }, madeAt: `${day(made)}T10:00:00.000Z` });
        if (next() < 0.4) add('PromiseToPayKept', { promiseId, paid: { amount: 500 + int(5_000), currency: 'BRL' }, keptOn: day(made + int(10)) });
        else if (next() < 0.5) add('PromiseToPayBroken', { promiseId, amount: { amount: 500 + int(5_000), currency: 'BRL' }, brokenAt: `${day(made + int(10))}T00:00:00.000Z` });
      }
    }
  }
  // arrival in a random order (Fisher-Yates)
  for (let i = events.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events.map((e, i) => ({
    eventId: `${String(seed % 1000).padStart(8, '0')}-0000-4000-9000-${String(i).padStart(12, '0')}`,
    type: e.type,
    schemaVersion: 1,
    tenantId: e.tenantId,
    streamId: String(e.payload['debtId']),
    streamVersion: 1,
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-06-01T00:00:00.000Z',
    payload: e.payload,
  }));
}

function periods(seed: number): PeriodRequest[] {
  const next = random(seed * 7 + 1);
  const list: PeriodRequest[] = [{ from: '2025-01-01', to: '2026-12-31' } as PeriodRequest];
  for (let i = 0; i < 6; i++) {
    const a = Math.floor(next() * 220) - 10;
    const b = a + Math.floor(next() * 120);
    const filter = Math.floor(next() * 4);
    list.push({
      from: day(a),
      to: day(b),
      ...(filter === 1 || filter === 3 ? { segment: ['cartao', 'veiculo', 'default'][Math.floor(next() * 3)] } : {}),
      ...(filter === 2 || filter === 3 ? { portfolio: ['p1', 'p2'][Math.floor(next() * 2)] } : {}),
    } as PeriodRequest);
  }
  return list;
}

type Db = NodePostgresDriver;

async function answers(kpis: typeof served | typeof reference, db: Db, tenantId: string, period: PeriodRequest): Promise<unknown> {
  return {
    portfolio: await kpis.portfolioKpi(db, tenantId, period),
    recovery: await kpis.recoveryKpi(db, tenantId, period),
    contacts: await kpis.contactAttemptsKpi(db, tenantId, period),
    agents: await kpis.agentsKpi(db, tenantId, period),
    promises: await kpis.promisesKpi(db, tenantId, period),
    largest: await kpis.largestOpenDebts(db, tenantId, period, 100),
  };
}

describe('the KPIs read from the aggregates', () => {
  let database: TestDatabase;
  let driver: Db;

  beforeAll(async () => {
    database = await createTestDatabase('reporting_aggregates');
    driver = NodePostgresDriver.create({ ...database.config, max: 2 });
    await runMigrations(driver, REPORTING_READ_MODEL_MIGRATIONS, 'reporting_read_model_migrations');
  });

  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await driver.query('TRUNCATE rep_events, rep_facts, rep_daily, rep_debt_intervals, rep_daily_stock');
  });

  for (const seed of [11, 29, 47, 83]) {
    it(`equal the facts-based answers for random periods and filters, live and after a rebuild (seed ${seed})`, async () => {
      for (const event of scenario(seed)) await driver.transaction((tx) => recordReportedEvent(event, tx));
      const [{ payments } = { payments: '0' }] = await driver.query<{ payments: string }>(`SELECT count(*) AS payments FROM rep_facts WHERE type = 'DebtPaymentReversed'`);
      expect(Number(payments)).toBeGreaterThan(0);
      for (const when of ['live', 'after a rebuild']) {
        if (when === 'after a rebuild') await rebuildReadModels(driver);
        for (const tenantId of TENANTS) {
          for (const period of periods(seed)) {
            const expected = await answers(reference, driver, tenantId, period);
            expect({ when, tenantId, period, answer: await answers(served, driver, tenantId, period) }).toEqual({ when, tenantId, period, answer: expected });
          }
        }
      }
    });
  }

  it('attributes a payment to a contact that arrives after it, and moves it back when a later contact arrives', async () => {
    const debtId = '00000000-0000-4000-8000-000000000001';
    const event = (n: number, type: string, payload: Record<string, unknown>): IntegrationEvent => ({
      eventId: `00000000-0000-4000-9000-00000000000${n}`,
      type,
      schemaVersion: 1,
      tenantId: 't',
      streamId: debtId,
      streamVersion: 1,
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-06-01T00:00:00.000Z',
      payload: { debtId, ...payload },
    });
    const period = { from: '2026-01-01', to: '2026-12-31' } as PeriodRequest;
    const channels = async () => (await served.recoveryKpi(driver, 't', period)).byChannel.map((c) => [c.channel, c.payments, c.recovered]);
    await driver.transaction((tx) => recordReportedEvent(event(1, 'DebtPaymentRecorded', { paymentId: 'p', amount: { amount: 700 }, paidOn: '2026-03-10' }), tx));
    expect(await channels()).toEqual([['unattributed', 1, 700]]);
    await driver.transaction((tx) => recordReportedEvent(event(2, 'ContactSent', { channel: 'sms', at: '2026-03-01T10:00:00Z' }), tx));
    expect(await channels()).toEqual([['sms', 1, 700]]);
    await driver.transaction((tx) => recordReportedEvent(event(3, 'ContactSent', { channel: 'email', at: '2026-03-05T10:00:00Z' }), tx));
    await driver.transaction((tx) => recordReportedEvent(event(4, 'DebtPaymentReversed', { paymentId: 'p', amount: { amount: 700 }, paidOn: '2026-03-10', reversedOn: '2026-04-20' }), tx));
    expect(await channels()).toEqual([['email', 1, 0]]);
  });
});
