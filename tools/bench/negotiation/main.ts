/**
 * Negotiation benchmark: `npm run bench:negotiation [-- --debts 200 --concurrency 8]`.
 * The debtors and negotiation services, each on its own fresh PostgreSQL database (pools
 * of 10), negotiation reading each debt's balance as of the offer date from the debtors
 * service's REST API (the real path: one HTTP call per simulation or offer). N debts are
 * registered through the debtors use cases (setup, not measured). Then, C requests at a
 * time through the negotiation use cases (each with its idempotency key, as a REST call
 * without the HTTP hop in front of negotiation): N simulations, N offers made (6
 * installments), N acceptances (each one transaction: offer accepted, agreement entered,
 * 6 charges requested, deadlines): requests/s and latency p50/p99. Then R offers accepted
 * twice at once: exactly one acceptance each must win. Checked at the end, from the
 * streams: every agreement's installments add up to its total, which is not above the
 * balance its offer was computed from, with one charge requested per installment.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, type Principal } from '@collections/shared-auth';
import { TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { parseRegisterDebtRequest, parseRegisterDebtorRequest, startDebtorsService } from '@collections/debtors-service';
import { HttpDebtBalances, parseOfferRequest, parsePublishPolicyRequest, startNegotiationService, type OfferView } from '@collections/negotiation-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-negotiation';
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs `work(i)` for i in 0..n-1, `concurrency` at a time; the latency of each in ms. */
async function timed(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const t0 = performance.now();
      await work(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (Date.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const debts = positiveIntegerOption(process.argv, 'debts', 200);
  const concurrency = positiveIntegerOption(process.argv, 'concurrency', 8);
  const races = Math.min(50, debts);
  const debtorsDatabase = await createTestDatabase('bench_negotiation_debtors');
  const negotiationDatabase = await createTestDatabase('bench_negotiation');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-negotiation-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const clock = new TestClock('2026-03-02T15:00:00.000Z');
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'));
  const debtors = await startDebtorsService({ database: debtorsDatabase.config, verifier, masterKey, messaging: { kind: 'embedded' }, http: { host: '127.0.0.1', port: 0 }, grpc: false, clock, logLevel: 'warn', log: () => undefined });
  const negotiation = await startNegotiationService({
    database: negotiationDatabase.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    log: () => undefined,
    balances: new HttpDebtBalances({ baseUrl: debtors.httpUrl, token: (tenantId) => issuer.mint({ subject: 'service:negotiation', tenantId: TenantId.parse(tenantId), roles: ['integrator'], ttlSeconds: 600 }) }),
    deadlines: false,
  });
  try {
    process.stdout.write(`negotiation benchmark: ${os.cpus().length} cores, Node ${process.version}; ${debts} debts (+${races} for the races), ${concurrency} requests at a time\n`);
    const tenantId = TenantId.parse(TENANT);
    const integrator: Principal = { subject: 'bench-integrator', tenantId, roles: ['integrator'] };
    const agent: Principal = { subject: 'bench-agent', tenantId, roles: ['agent'] };
    const supervisor: Principal = { subject: 'bench-supervisor', tenantId, roles: ['supervisor'] };

    const setupStarted = Date.now();
    const debtIds: string[] = [];
    await timed(debts + races, concurrency, async (i) => {
      const debtor = await debtors.useCases.registerDebtor.execute(
        { principal: integrator, idempotencyKey: `bench-debtor-${i}` },
        parseRegisterDebtorRequest({ taxId: generateCpf(), name: `Devedor ${i}`, state: 'SP', contactPoints: [] }),
      );
      if (debtor.kind !== 'done') throw new Error(debtor.detail);
      const debt = await debtors.useCases.registerDebt.execute(
        { principal: integrator, idempotencyKey: `bench-debt-${i}` },
        parseRegisterDebtRequest({ debtorId: debtor.value.debtorId, contractReference: `B-${i}`, originalAmount: { amount: 50_000 + 137 * i, currency: 'BRL' }, dueDate: '2025-12-10', lateFeeRate: '0.02' }),
      );
      if (debt.kind !== 'done') throw new Error(debt.detail);
      debtIds[i] = debt.value.debtId;
    });
    const policy = await negotiation.useCases.publishPolicy.execute(
      { principal: supervisor, idempotencyKey: 'bench-policy' },
      parsePublishPolicyRequest({
        rules: ['1-30', '31-60', '61-90', '91-180', '181-360', '360+'].map((bucket) => ({
          bucket,
          segment: 'default',
          maxChargesDiscount: '0.8',
          agentDiscountLimit: '0.02',
          maxInstallments: 12,
          minInstallment: { amount: 5_000, currency: 'BRL' },
          monthlyInterestRate: '0.0199',
        })),
      }),
    );
    if (policy.kind !== 'done') throw new Error(policy.detail);
    const setup = (Date.now() - setupStarted) / 1000;

    const body = { kind: 'installments', count: 6, firstDueDate: '2026-03-10' };
    const simulate = await timed(debts, concurrency, async (i) => {
      const simulated = await negotiation.useCases.simulateOffer.execute({ principal: agent }, parseOfferRequest(debtIds[i]!, body));
      if (simulated.kind !== 'done') throw new Error(simulated.detail);
    });
    const offers: OfferView[] = [];
    const make = await timed(debts + races, concurrency, async (i) => {
      const made = await negotiation.useCases.makeOffer.execute({ principal: agent, idempotencyKey: `bench-offer-${i}` }, parseOfferRequest(debtIds[i]!, body));
      if (made.kind !== 'done') throw new Error(made.detail);
      offers[i] = made.value;
    });
    const accept = await timed(debts, concurrency, async (i) => {
      const accepted = await negotiation.useCases.acceptOffer.execute({ principal: agent, idempotencyKey: `bench-accept-${i}` }, offers[i]!.offerId!);
      if (accepted.kind !== 'done') throw new Error(accepted.detail);
    });

    // two acceptances of one offer at once, R times: one wins, the other is refused
    let won = 0;
    let lost = 0;
    for (let r = 0; r < races; r++) {
      const offerId = offers[debts + r]!.offerId!;
      const both = await Promise.allSettled([0, 1].map((k) => negotiation.useCases.acceptOffer.execute({ principal: agent, idempotencyKey: `bench-race-${r}-${k}` }, offerId)));
      for (const outcome of both) {
        if (outcome.status === 'fulfilled' && outcome.value.kind === 'done') won += 1;
        else lost += 1;
      }
    }

    // checked from the log: sums exact, never above the balance, one charge per installment
    const driver = negotiation.store.driver;
    const entered = await driver.query<{ stream_id: string; data: { offerId: string; total: { amount: number }; schedule: { amount: { amount: number } }[] } }>(
      "SELECT stream_id, data FROM es_events WHERE event_type = 'AgreementEntered' AND tenant_id = $1",
      [TENANT],
    );
    const charges = await driver.query<{ stream_id: string; n: string }>("SELECT stream_id, count(*) AS n FROM es_events WHERE event_type = 'InstallmentChargeRequested' AND tenant_id = $1 GROUP BY stream_id", [TENANT]);
    const chargesOf = new Map(charges.map((c) => [c.stream_id, Number(c.n)]));
    const balanceOf = new Map(offers.map((o) => [o.offerId!, o.terms.balance.total.amount]));
    let wrong = 0;
    for (const { stream_id, data } of entered) {
      const sum = data.schedule.reduce((total, i) => total + i.amount.amount, 0);
      if (sum !== data.total.amount || data.total.amount > (balanceOf.get(data.offerId) ?? -1) || chargesOf.get(stream_id) !== data.schedule.length) wrong += 1;
    }

    const row = (name: string, n: number, r: { seconds: number; latencies: number[] }) => [name, String(n), r.seconds.toFixed(2), (n / r.seconds).toFixed(0), percentile(r.latencies, 50).toFixed(1), percentile(r.latencies, 99).toFixed(1)];
    process.stdout.write(`setup (debtors and debts registered, policy): ${setup.toFixed(1)} s\n`);
    printTable([
      ['step', 'requests', 'seconds', 'per second', 'p50 ms', 'p99 ms'],
      row('simulate (balance read from debtors)', debts, simulate),
      row('make offer (balance read from debtors)', debts + races, make),
      row('accept (agreement + 6 charges, one transaction)', debts, accept),
    ]);
    process.stdout.write(`races: ${races} offers accepted twice at once: ${won} won, ${lost} refused (expected ${races} and ${races})\n`);
    process.stdout.write(`checked: ${entered.length} agreements, ${wrong} with a schedule not adding up, above the balance, or without a charge per installment\n`);
    if (won !== races || lost !== races || wrong !== 0 || entered.length !== debts + races) process.exitCode = 1;
  } finally {
    await negotiation.close();
    await debtors.close();
    await negotiationDatabase.drop();
    await debtorsDatabase.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
