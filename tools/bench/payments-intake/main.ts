/**
 * PIX intake benchmark: `node -r @swc-node/register tools/bench/payments-intake/main.ts [--payments 500] [--concurrency 4]`.
 * The debtors and payments services on a fresh PostgreSQL database (embedded transport
 * between them, as the e2e tests run them). N debtors with one overdue debt each and one
 * charge per debt are made through the use cases (setup, not timed). Then N signed PIX
 * notifications are posted to the webhook over HTTP, `concurrency` at a time, each paying
 * its charge in full: signature check, txid look-up, the debt's balance read from the
 * debtors API, the payment's and the charge's events in one transaction. Timed: until the
 * last answer, then until the debtors service has recorded every PaymentAllocated (every
 * debt settled). Baseline in the same run: the same number of bare `GET /debts/{id}` calls
 * to the debtors API (the read each allocation makes), same concurrency. Prints
 * payments/s, latency percentiles and the ratio to the baseline.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { parseRegisterDebtRequest, parseRegisterDebtorRequest, startDebtorsService } from '@collections/debtors-service';
import { HttpDebtorsLedger, parseIssueChargeRequest, parseSetSettingsRequest, startPaymentsService } from '@collections/payments-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-payments';
const SECRET = 'bench-payments-webhook-secret-0123456789ab';

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const started = performance.now();
        await work(item);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: readonly number[], p: number): string => `${(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0).toFixed(1)} ms`;

async function main(): Promise<void> {
  const payments = positiveIntegerOption(process.argv, 'payments', 500);
  const concurrency = positiveIntegerOption(process.argv, 'concurrency', 4);
  const database = await createTestDatabase('bench_payments');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-payments-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'));
  const clock = new TestClock('2026-03-02T15:00:00.000Z');
  const token = () => issuer.mint({ subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator', 'supervisor'], ttlSeconds: 3_600 });
  const debtors = await startDebtorsService({ database: database.config, verifier, masterKey, messaging: { kind: 'embedded' }, http: { host: '127.0.0.1', port: 0 }, grpc: false, clock, schedulerIntervalMs: 0, logLevel: 'warn' });
  const service = await startPaymentsService({
    database: database.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    ledger: new HttpDebtorsLedger({ baseUrl: debtors.httpUrl, token: () => token() }),
  });
  try {
    const principal = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator' as const, 'supervisor' as const] };
    await service.useCases.setSettings.execute({ principal }, parseSetSettingsRequest({ pix: { key: 'pix@bench.example', merchantName: 'Bench', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.bench.example/qr' }, boleto: null, webhookSecret: SECRET }));
    const setupStarted = performance.now();
    const charges: { debtId: string; txid: string; amount: number }[] = [];
    for (let i = 0; i < payments; i++) {
      const debtor = await debtors.useCases.registerDebtor.execute({ principal, idempotencyKey: `bench-debtor-${i}` }, parseRegisterDebtorRequest({ taxId: generateCpf(), name: `Devedor ${i}`, state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] }));
      if (debtor.kind !== 'done') throw new Error(debtor.detail);
      const debt = await debtors.useCases.registerDebt.execute(
        { principal, idempotencyKey: `bench-debt-${i}` },
        parseRegisterDebtRequest({ debtorId: debtor.value.debtorId, contractReference: `B-${i}`, originalAmount: { amount: 10_000 + i, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' }),
      );
      if (debt.kind !== 'done') throw new Error(debt.detail);
      const charge = await service.useCases.issueCharge.execute({ principal, idempotencyKey: `bench-charge-${i}` }, parseIssueChargeRequest({ debtIds: [debt.value.debtId], dueDate: '2026-03-10' }, '2026-03-02'), '2026-03-02');
      if (charge.kind !== 'done') throw new Error(charge.detail);
      charges.push({ debtId: debt.value.debtId, txid: charge.value.txid, amount: charge.value.amount.amount });
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // baseline: the debtors API read each allocation makes, alone
    const bearer = await token();
    const baselineStarted = performance.now();
    const baseline = await inParallel(charges, concurrency, async (c) => {
      const response = await fetch(`${debtors.httpUrl}/debts/${c.debtId}?asOf=2026-03-02`, { headers: { authorization: `Bearer ${bearer}` } });
      if (!response.ok) throw new Error(`debtors answered ${response.status}`);
      await response.json();
    });
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;

    let n = 0;
    const intakeStarted = performance.now();
    const latencies = await inParallel(charges, concurrency, async (c) => {
      const endToEndId = `E00000000202603021200${String(++n).padStart(11, '0')}`;
      const body = JSON.stringify({ pix: [{ endToEndId, txid: c.txid, valor: (c.amount / 100).toFixed(2), horario: '2026-03-02T14:00:00Z' }] });
      const response = await fetch(`${service.httpUrl}/webhooks/pix/${TENANT}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-signature': createHmac('sha256', SECRET).update(body).digest('hex') },
        body,
      });
      const answer = (await response.json()) as { results?: { status: string }[] };
      if (response.status !== 200 || answer.results?.[0]?.status !== 'allocated') throw new Error(`webhook answered ${response.status} ${JSON.stringify(answer)}`);
    });
    const intakeSeconds = (performance.now() - intakeStarted) / 1000;
    for (;;) {
      const [row] = await service.store.driver.query<{ n: string }>("SELECT count(*)::text AS n FROM es_events WHERE tenant_id = $1 AND event_type = 'PaymentRecorded'", [TENANT]);
      if (Number(row?.n) >= payments) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const recordedSeconds = (performance.now() - intakeStarted) / 1000;

    process.stdout.write(`payments intake: ${payments} PIX notifications, ${concurrency} at a time, PostgreSQL (setup ${setupSeconds.toFixed(1)} s)\n`);
    printTable([
      ['', 'seconds', 'per second', 'p50', 'p95', 'p99'],
      ['webhook -> allocated (answered)', intakeSeconds.toFixed(2), (payments / intakeSeconds).toFixed(0), percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)],
      ['... -> recorded by debtors', recordedSeconds.toFixed(2), (payments / recordedSeconds).toFixed(0), '', '', ''],
      ['baseline: GET /debts/{id} alone', baselineSeconds.toFixed(2), (payments / baselineSeconds).toFixed(0), percentile(baseline, 50), percentile(baseline, 95), percentile(baseline, 99)],
    ]);
    process.stdout.write(`ratio intake / baseline time: ${(intakeSeconds / baselineSeconds).toFixed(1)}x; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
  } finally {
    await service.close();
    await debtors.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
