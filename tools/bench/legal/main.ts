/**
 * Legal escalation benchmark: `npm run bench:legal [-- --debts 500]`.
 * The debtors and legal services on a fresh PostgreSQL database (embedded transport
 * between them), the three bureaus as local fake HTTP servers. N debtors with one debt 60
 * days past due are registered through the debtors use cases; once the legal service has
 * seen them all, three scheduler runs are timed: (1) every prior notice requested (the
 * balance read from the debtors API over HTTP per debt), (2) after N `PriorNoticeSent`
 * answers and the notice period, every debt listed at the three bureaus (the debtor's
 * identity read over HTTP, three bureau calls, four events per debt), (3) after every debt
 * is paid, every removal sent and confirmed. Baseline in the same run: the same 3N listing
 * calls straight through the bureau adapters. Prints the rates and the peak RSS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { nameBasedUuid, TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { parseRegisterDebtRequest, parseRegisterDebtorRequest, startDebtorsService } from '@collections/debtors-service';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import { HttpBureauGateway, HttpDebtDirectory, parseSetEscalationPolicyRequest, startFakeBureaus, startLegalService, type BureauGateway } from '@collections/legal-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-legal';

async function main(): Promise<void> {
  const debts = positiveIntegerOption(process.argv, 'debts', 500);
  const fakes = await startFakeBureaus();
  const database = await createTestDatabase('bench_legal');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-legal-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'));
  const clock = new TestClock('2026-03-02T12:00:00.000Z');
  const debtors = await startDebtorsService({
    database: database.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    schedulerIntervalMs: 0,
    logLevel: 'warn',
    log: () => undefined,
  });
  const bureaus: Partial<Record<Bureau, BureauGateway>> = {};
  for (const bureau of BUREAUS) bureaus[bureau] = new HttpBureauGateway(bureau, { baseUrl: fakes[bureau].url });
  const legal = await startLegalService({
    database: database.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    log: () => undefined,
    directory: new HttpDebtDirectory({ baseUrl: debtors.httpUrl, token: (tenantId, role) => issuer.mint({ subject: 'bench', tenantId: TenantId.parse(tenantId), roles: [role], ttlSeconds: 3_600 }) }),
    bureaus,
    scheduler: false,
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const count = async (sql: string): Promise<number> => Number((await legal.store.driver.query<{ n: string }>(sql, [TENANT]))[0]?.n ?? 0);
  const events = (type: string) => count(`SELECT count(*) AS n FROM es_events WHERE tenant_id = $1 AND event_type = '${type}'`);
  const waitFor = async (what: () => Promise<number>, target: number): Promise<void> => {
    while ((await what()) < target) await new Promise((resolve) => setTimeout(resolve, 200));
  };
  try {
    process.stdout.write(`legal benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${debts.toLocaleString('en')} debts 60 days past due, 3 fake bureaus\n`);
    const admin = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['admin' as const] };
    const policy = await legal.useCases.setEscalationPolicy.execute({ principal: admin, idempotencyKey: 'bench-policy' }, parseSetEscalationPolicyRequest({}));
    if (policy.kind !== 'done') throw new Error(policy.detail);

    const integrator = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator' as const] };
    const ids: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < debts; i = next++) {
        const debtor = await debtors.useCases.registerDebtor.execute(
          { principal: integrator, idempotencyKey: `bench-debtor-${i}` },
          parseRegisterDebtorRequest({ taxId: generateCpf(), name: `Devedor ${i}`, state: 'SP', contactPoints: [] }),
        );
        if (debtor.kind !== 'done') throw new Error(debtor.detail);
        const debt = await debtors.useCases.registerDebt.execute(
          { principal: integrator, idempotencyKey: `bench-debt-${i}` },
          parseRegisterDebtRequest({ debtorId: debtor.value.debtorId, contractReference: `BENCH-${i}`, originalAmount: { amount: 10_000 + i, currency: 'BRL' }, dueDate: '2026-01-01', lateFeeRate: '0.02' }),
        );
        if (debt.kind !== 'done') throw new Error(debt.detail);
        ids[i] = debt.value.debtId;
      }
    };
    const loadStarted = Date.now();
    await Promise.all([worker(), worker(), worker(), worker()]);
    await waitFor(() => count('SELECT count(*) AS n FROM legal_deadlines WHERE tenant_id = $1'), debts);
    const loaded = (Date.now() - loadStarted) / 1000;

    const noticeStarted = Date.now();
    await legal.scheduler.runDue();
    const noticeRun = (Date.now() - noticeStarted) / 1000;
    const notices = await events('EscalationNoticeRequested');
    if (notices !== debts) throw new Error(`${notices} notices for ${debts} debts`);

    // the contacts context's answers, as it will publish them (through the embedded transport)
    const requested = await legal.store.driver.query<{ debt_id: string; notice_id: string }>(
      "SELECT data->>'debtId' AS debt_id, data->>'noticeId' AS notice_id FROM es_events WHERE tenant_id = $1 AND event_type = 'EscalationNoticeRequested'",
      [TENANT],
    );
    for (const row of requested) {
      await legal.store.appendToStream(
        `noticedelivery-${row.notice_id}`,
        [{ eventId: nameBasedUuid('bench-legal', row.notice_id), type: 'PriorNoticeDispatched', data: { noticeId: row.notice_id, debtId: row.debt_id, sentAt: '2026-03-02T15:00:00.000Z', deliveries: [{ channel: 'letter', messageId: 'l', contactPointId: 'c' }] } }],
        { tenantId: TENANT, expectedVersion: { kind: 'any' } },
      );
    }
    await waitFor(() => events('EscalationNoticeSent'), debts);

    clock.set('2026-03-13T12:00:00.000Z');
    const listStarted = Date.now();
    await legal.scheduler.runDue();
    const listRun = (Date.now() - listStarted) / 1000;
    const listed = await events('EscalationBureauListed');
    if (listed !== 3 * debts) throw new Error(`${listed} bureau listings for ${debts} debts`);

    // baseline: the same number of listing calls straight through the adapters
    const order = { tenantId: TENANT, debtId: ids[0]!, taxId: '529.982.247-25', name: 'Devedor', amount: { amount: 10_000, currency: 'BRL' as const }, dueDate: '2026-01-01' };
    const baselineStarted = Date.now();
    for (let i = 0; i < debts; i++) for (const bureau of BUREAUS) await bureaus[bureau]!.list(order);
    const baseline = (Date.now() - baselineStarted) / 1000;

    clock.set('2026-03-16T12:00:00.000Z');
    // through the debtors' public API; more than owed: the debt settles, the rest is kept as a credit (never lost)
    const payer = await issuer.mint({ subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator'], ttlSeconds: 3_600 });
    for (const [i, debtId] of ids.entries()) {
      const paid = await fetch(`${debtors.httpUrl}/debts/${debtId}/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${payer}`, 'content-type': 'application/json', 'idempotency-key': `bench-pay-${i}` },
        body: JSON.stringify({ paymentId: `pay-${i}`, amount: { amount: 1_000_000, currency: 'BRL' }, paidOn: '2026-03-16', method: 'pix' }),
      });
      if (!paid.ok) throw new Error(`payment ${i}: ${paid.status} ${await paid.text()}`);
    }
    await waitFor(() => events('EscalationRemovalRequested'), debts);
    const removeStarted = Date.now();
    await legal.scheduler.runDue();
    const removeRun = (Date.now() - removeStarted) / 1000;
    const removed = await events('EscalationBureauRemovalConfirmed');
    if (removed !== 3 * debts) throw new Error(`${removed} removals confirmed for ${debts} debts`);

    printTable([
      ['measure', 'time', 'rate', 'note'],
      ['registration and tracking by legal (setup)', `${loaded.toFixed(1)} s`, `${Math.round(debts / loaded)} debts/s`, 'debtors use cases, embedded transport, legal consumer'],
      ['scheduler run: prior notices requested', `${noticeRun.toFixed(1)} s`, `${Math.round(debts / noticeRun)} debts/s`, 'balance over HTTP per debt, one event each'],
      ['baseline: listing calls through the adapters alone', `${baseline.toFixed(1)} s`, `${Math.round((3 * debts) / baseline)} calls/s`, 'the same fake bureaus, one call after another'],
      ['scheduler run: listed at 3 bureaus', `${listRun.toFixed(1)} s`, `${Math.round(debts / listRun)} debts/s`, `${Math.round((3 * debts) / listRun)} bureau calls/s, ${(((3 * debts) / listRun / ((3 * debts) / baseline)) * 100).toFixed(0)}% of the baseline`],
      ['scheduler run: removals sent and confirmed', `${removeRun.toFixed(1)} s`, `${Math.round(debts / removeRun)} debts/s`, 'requested at once by the payment consumer'],
    ]);
    process.stdout.write(`peak RSS of this process ${Math.round(peakRss / 2 ** 20)} MiB\n`);
  } finally {
    clearInterval(sampler);
    await legal.close();
    await debtors.close();
    await database.drop();
    await Promise.all(BUREAUS.map((b) => fakes[b].close()));
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
