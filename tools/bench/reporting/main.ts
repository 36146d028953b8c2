/**
 * Reporting rebuild benchmark: `npm run bench:reporting [-- --events 1000000 --live 2000]`
 * (`--events 10000000` fills 1,000,000 debts).
 * A fresh PostgreSQL database with the reporting read models (the service's migrations).
 * N integration events (a mix of 10 kinds per debt: registered, aging, contacts sent on
 * three channels, a contact blocked, a promise made and kept, a payment and its reversal)
 * are written straight into `rep_events` (setup, not measured). Then, measured in the same
 * run on the same database:
 *   1. the rebuild (`rebuildReadModels`: truncate the facts, derive them all again);
 *   2. the baseline: a bare INSERT ... SELECT of the same fact rows into a table of the
 *      same shape and indexes (what writing the rows costs without deriving them), and the
 *      facts alone derived again (the rebuild before the aggregates);
 *   3. after a CHECKPOINT, the live path for `--live` events: each one through
 *      `recordReportedEvent` in its own transaction, as a consumer does (inbox excluded),
 *      and the same events through the raw copy and the facts alone (before the aggregates);
 *   4. the portfolio and recovery KPIs over the whole period at that size, and the
 *      dashboard page: server time to the full HTML (`dashboardHtml`: its queries, read
 *      from the aggregates, its two charts, the page; the HTTP hop excluded), without and
 *      with a segment filter;
 *   5. the baseline of the page: the portfolio and recovery KPIs and the largest open
 *      debts as computed before the aggregates, from every fact (`kpiFactsReference`),
 *      which must give the same answers.
 * The setup builds rep_events' indexes after its rows.
 */
import { NodePostgresDriver, runMigrations } from '@collections/shared-event-store';
import { createTestDatabase } from '@collections/shared-testing';
import { dashboardHtml, DERIVE_FACTS_SQL, kpiFactsReference, portfolioKpi, rebuildReadModels, recordReportedEvent, recoveryKpi, REPORTING_READ_MODEL_MIGRATIONS } from '@collections/reporting-service';

import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-reporting';

const GENERATE = `
INSERT INTO rep_events (tenant_id, event_id, type, schema_version, topic, stream_id, occurred_at, payload)
SELECT $1, gen_random_uuid(), (ARRAY['DebtRegistered', 'DebtAgingBucketChanged', 'ContactSent', 'ContactSent', 'ContactSent', 'ContactBlocked', 'PromiseToPayMade', 'DebtPaymentRecorded', 'PromiseToPayKept', 'DebtPaymentReversed'])[d.kind + 1],
  1, CASE WHEN d.kind IN (0, 1, 7, 9) THEN 'collections.debtors.events.v1' ELSE 'collections.contacts.events.v1' END, 'debt-' || d.id, now(),
  -- only the kind's payload is built (a VALUES list of all ten per row, filtered, built ten)
  CASE d.kind
    WHEN 0 THEN jsonb_build_object('debtId', d.id, 'debtorId', d.id, 'contractReference', 'C-' || d.n, 'originalAmount', jsonb_build_object('amount', 10000 + d.n % 90000, 'currency', 'BRL'), 'dueDate', d.day, 'installments', 1, 'registeredAt', d.day || 'T12:00:00.000Z')
    WHEN 1 THEN jsonb_build_object('debtId', d.id, 'from', 'current', 'to', (ARRAY['1-30','31-60','61-90','91-180'])[1 + d.n % 4], 'daysPastDue', 10, 'asOf', d.day)
    WHEN 2 THEN jsonb_build_object('debtId', d.id, 'stepId', 's1', 'channel', 'email', 'cadenceVersion', 1, 'at', d.day || 'T13:00:00.000Z', 'messageId', 'm', 'contactPointId', 'c')
    WHEN 3 THEN jsonb_build_object('debtId', d.id, 'stepId', 's2', 'channel', 'sms', 'cadenceVersion', 1, 'at', d.day || 'T14:00:00.000Z', 'messageId', 'm', 'contactPointId', 'c')
    WHEN 4 THEN jsonb_build_object('debtId', d.id, 'stepId', 's3', 'channel', 'whatsapp', 'cadenceVersion', 1, 'at', d.day || 'T15:00:00.000Z', 'messageId', 'm', 'contactPointId', 'c')
    WHEN 5 THEN jsonb_build_object('debtId', d.id, 'stepId', 's4', 'channel', 'voice', 'cadenceVersion', 1, 'at', d.day || 'T21:00:00.000Z', 'rule', jsonb_build_object('code', 'CONTACT_HOURS', 'article', 'x', 'detail', 'x'))
    WHEN 6 THEN jsonb_build_object('debtId', d.id, 'promiseId', d.id, 'taskId', 't', 'amount', jsonb_build_object('amount', 5000, 'currency', 'BRL'), 'dueOn', d.day, 'madeAt', d.day || 'T16:00:00.000Z')
    WHEN 7 THEN jsonb_build_object('debtId', d.id, 'paymentId', 'p-' || d.n, 'amount', jsonb_build_object('amount', 5000, 'currency', 'BRL'), 'paidOn', d.day, 'overpayment', jsonb_build_object('amount', 0, 'currency', 'BRL'))
    WHEN 8 THEN jsonb_build_object('debtId', d.id, 'promiseId', d.id, 'paid', jsonb_build_object('amount', 5000, 'currency', 'BRL'), 'keptOn', d.day)
    ELSE jsonb_build_object('debtId', d.id, 'paymentId', 'p-' || d.n, 'amount', jsonb_build_object('amount', 5000, 'currency', 'BRL'), 'paidOn', d.day, 'reversedOn', d.day, 'reason', 'chargeback')
  END
FROM (
  SELECT i, (i / 10) AS n, (i % 10)::int AS kind,
         ('00000000-0000-4000-8000-' || lpad(to_hex(i / 10), 12, '0'))::text AS id,
         (date '2025-01-01' + ((i / 10) % 600)::int)::text AS day
  FROM generate_series($2::bigint, $3::bigint - 1) AS i
) d`;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function main(): Promise<void> {
  const events = positiveIntegerOption(process.argv, 'events', 100_000);
  const live = positiveIntegerOption(process.argv, 'live', 2_000);
  const database = await createTestDatabase('bench_reporting');
  const driver = NodePostgresDriver.create({ ...database.config, max: 4 });
  try {
    await runMigrations(driver, REPORTING_READ_MODEL_MIGRATIONS, 'bench_reporting_migrations');
    const generated = await time(async () => {
      // the indexes are built once after the rows (a random uuid per row made the setup itself the slowest part at 10,000,000)
      await driver.query('ALTER TABLE rep_events DROP CONSTRAINT rep_events_event_id_key');
      await driver.query('DROP INDEX rep_events_tenant, rep_events_debt, rep_events_surveys');
      for (let from = 0; from < events; from += 500_000) await driver.query(GENERATE, [TENANT, from, Math.min(events, from + 500_000)]);
      await driver.query('ALTER TABLE rep_events ADD CONSTRAINT rep_events_event_id_key UNIQUE (event_id)');
      await driver.query('CREATE INDEX rep_events_tenant ON rep_events (tenant_id, seq)');
      await driver.query(`CREATE INDEX rep_events_debt ON rep_events (tenant_id, (payload->>'debtId'))`);
      await driver.query(`CREATE INDEX rep_events_surveys ON rep_events (tenant_id, seq) WHERE type IN ('SatisfactionSurveySent', 'SatisfactionSurveyAnswered')`);
      await driver.query('VACUUM ANALYZE rep_events');
    });
    process.stdout.write(`setup: ${events.toLocaleString('en-US')} events in rep_events in ${seconds(generated.ms)} s\n`);

    const rebuild = await time(() => rebuildReadModels(driver));
    await driver.query('ANALYZE rep_facts');
    await driver.query('CREATE TABLE rep_facts_baseline (LIKE rep_facts INCLUDING ALL)');
    const baseline = await time(() => driver.query('INSERT INTO rep_facts_baseline SELECT * FROM rep_facts'));
    // the rebuild as it was before the aggregates: the facts alone (they come out the same, so the aggregates stay right)
    // (not run above 2,000,000 events: it takes as long again as the rebuild)
    const factsOnly = await time(() =>
      events > 2_000_000 ? Promise.resolve() : driver.transaction(async (tx) => {
        await tx.query('LOCK TABLE rep_facts IN EXCLUSIVE MODE');
        await tx.query('TRUNCATE rep_facts');
        await tx.query('SELECT reporting_derive_facts(0, (SELECT max(seq) FROM rep_events), NULL)');
      }),
    );
    const facts = rebuild.value.facts;

    // the rebuild and the baseline dirtied the buffers with millions of rows: flush them
    // first, so the live path's commits do not wait behind that write-out
    await driver.query('CHECKPOINT');
    const liveEvents = await driver.query<{ type: string; payload: unknown; topic: string }>(`SELECT type, payload, topic FROM rep_events ORDER BY seq LIMIT ${live}`);
    const livePath = await time(async () => {
      for (const event of liveEvents) {
        await driver.transaction((tx) =>
          recordReportedEvent(
            { eventId: crypto.randomUUID(), type: event.type, schemaVersion: 1, tenantId: `${TENANT}-live`, streamId: 'bench', streamVersion: 1, correlationId: 'bench', causationId: 'bench', occurredAt: new Date().toISOString(), payload: event.payload },
            tx,
          ),
        );
      }
    });
    // the live path as it was before the aggregates: the raw copy and the facts alone
    const liveFactsOnly = await time(async () => {
      for (const event of liveEvents) {
        await driver.transaction(async (tx) => {
          const [row] = await tx.query<{ seq: string }>(
            `INSERT INTO rep_events (tenant_id, event_id, type, schema_version, topic, stream_id, occurred_at, payload) VALUES ($1, $2, $3, 1, $4, 'bench', now(), $5::jsonb) RETURNING seq`,
            [`${TENANT}-live-facts`, crypto.randomUUID(), event.type, event.topic, JSON.stringify(event.payload)],
          );
          await tx.query(DERIVE_FACTS_SQL, [row?.seq, row?.seq, null]);
        });
      }
    });
    const period = { from: '2025-01-01', to: '2026-12-31' } as never;
    const portfolio = await time(() => portfolioKpi(driver, TENANT, period));
    const recovery = await time(() => recoveryKpi(driver, TENANT, period));
    // the dashboard page as the server makes it (the HTTP hop excluded); the first page a
    // process renders also loads ECharts' renderer: timed apart, on a tenant with no event
    const firstPage = await time(() => dashboardHtml(driver, `${TENANT}-empty`, period));
    const dashboard = await time(() => dashboardHtml(driver, TENANT, period));
    // the same KPIs as they were computed before the aggregates, from every fact (same run, same database)
    const referencePortfolio = await time(() => kpiFactsReference.portfolioKpi(driver, TENANT, period));
    const referenceRecovery = await time(() => kpiFactsReference.recoveryKpi(driver, TENANT, period));
    const referenceLargest = await time(() => kpiFactsReference.largestOpenDebts(driver, TENANT, period, 20));
    if (JSON.stringify(referencePortfolio.value) !== JSON.stringify(portfolio.value) || JSON.stringify(referenceRecovery.value) !== JSON.stringify(recovery.value)) {
      throw new Error('the aggregates and the facts give different answers');
    }
    const filtered = await time(() => dashboardHtml(driver, TENANT, { from: '2025-01-01', to: '2026-12-31', segment: 'default' } as never));

    printTable([
      ['measured (same run, same database)', 'rows', 'seconds', 'rows/s'],
      ['rebuild: truncate + derive every fact and the aggregates from rep_events', `${rebuild.value.events} events`, seconds(rebuild.ms), `${perSecond(rebuild.value.events, rebuild.ms)} events/s`],
      ['baseline: bare INSERT of the same fact rows', `${facts} facts`, seconds(baseline.ms), `${perSecond(facts, baseline.ms)} facts/s`],
      events > 2_000_000
        ? ['rebuild before the aggregates: the facts alone', 'not run', '', '']
        : ['rebuild before the aggregates: the facts alone', `${rebuild.value.events} events`, seconds(factsOnly.ms), `${perSecond(rebuild.value.events, factsOnly.ms)} events/s`],
      ['live: one event per transaction (recordReportedEvent)', `${liveEvents.length} events`, seconds(livePath.ms), `${perSecond(liveEvents.length, livePath.ms)} events/s`],
      ['live before the aggregates: the raw copy and the facts alone', `${liveEvents.length} events`, seconds(liveFactsOnly.ms), `${perSecond(liveEvents.length, liveFactsOnly.ms)} events/s`],
      [`portfolio KPI over ${(events / 10).toLocaleString('en-US')} debts`, '', seconds(portfolio.ms), ''],
      ['recovery KPI (with channel attribution)', '', seconds(recovery.ms), ''],
      ['the first page this process renders (a tenant with no event: ECharts loading)', '', seconds(firstPage.ms), ''],
      [`the dashboard page, server time to the full HTML (${dashboard.value.length.toLocaleString('en-US')} characters)`, '', seconds(dashboard.ms), ''],
      ['the same page with a segment filter', '', seconds(filtered.ms), ''],
      ['reference, from every fact: portfolio KPI (equal answer)', '', seconds(referencePortfolio.ms), ''],
      ['reference, from every fact: recovery KPI (equal answer)', '', seconds(referenceRecovery.ms), ''],
      ['reference, from every fact: the 20 largest open debts', '', seconds(referenceLargest.ms), ''],
    ]);
    process.stdout.write(`check: ${facts} facts from ${rebuild.value.events} events; portfolio placed ${portfolio.value.placed.count} debts, recovered ${recovery.value.recovered} centavos\n`);
    if (portfolio.value.placed.count !== events / 10 && events % 10 === 0) throw new Error(`expected ${events / 10} debts placed, got ${portfolio.value.placed.count}`);
  } finally {
    await driver.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
