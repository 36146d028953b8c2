/**
 * Cadence run benchmark: `npm run bench:cadence [-- --debts 2000 --concurrency 4]`.
 * The debtors and contacts services on a fresh PostgreSQL database (embedded transport
 * between them), a real SMTP server on 127.0.0.1, a cadence with one e-mail step. N
 * debtors (e-mail with consent) with one overdue debt each are registered through the
 * debtors use cases; once the
 * contacts service tracks them all, one scheduler run works every due debt (directory
 * look-up over HTTP, policy, template, SMTP send, events) and is timed: the first half of
 * the due debts one at a time, the second half `--concurrency` at a time. Baseline in the
 * same run: the same number of e-mails sent straight through the SMTP adapter. Prints
 * debts/s, the ratio to the baseline, the time a million due debts would take at that
 * rate, and the peak RSS of this process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId, TestClock } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { parseRegisterDebtRequest, parseRegisterDebtorRequest, startDebtorsService } from '@collections/debtors-service';
import { SmtpEmailAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { HttpDebtorDirectory, parseDefineCadenceRequest, parseSetCreditorRequest, parseUploadTemplateRequest, startContactsService } from '@collections/contacts-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-cadence';

async function main(): Promise<void> {
  const debts = positiveIntegerOption(process.argv, 'debts', 2_000);
  const concurrency = positiveIntegerOption(process.argv, 'concurrency', 4);
  const smtp = await LocalSmtpServer.start();
  const database = await createTestDatabase('bench_cadence');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-cadence-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'));
  // a Tuesday, 10:00 in São Paulo: inside contact hours, so every due step is sent
  const clock = new TestClock('2026-03-03T13:00:00.000Z');
  const token = (roles: ('integrator' | 'supervisor')[]) => issuer.mint({ subject: 'bench', tenantId: TenantId.parse(TENANT), roles, ttlSeconds: 3_600 });
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
  const from = 'cobranca@bench.example';
  const contacts = await startContactsService({
    database: database.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    log: () => undefined,
    directory: new HttpDebtorDirectory({ baseUrl: debtors.httpUrl, token: () => token(['integrator']) }),
    senders: { email: new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from, timeoutMs: 10_000 }) },
    scheduler: false,
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    process.stdout.write(`cadence benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${debts.toLocaleString('en')} overdue debts, one e-mail step\n`);
    const principal = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['supervisor' as const] };
    await contacts.useCases.setCreditor.execute({ principal }, parseSetCreditorRequest({ name: 'Credor Bench S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' }));
    const template = await contacts.useCases.uploadTemplate.execute(
      { principal, idempotencyKey: 'bench-template' },
      parseUploadTemplateRequest({ name: 'Aviso', channel: 'email', subject: 'Débito {{debt.contractReference}}', body: 'Olá {{debtor.firstName}}, {{debt.balance}} em aberto. {{creditor.name}} {{creditor.taxId}} {{creditor.address}}' }),
    );
    if (template.kind !== 'done') throw new Error(template.detail);
    const cadence = await contacts.useCases.defineCadence.execute(
      { principal, idempotencyKey: 'bench-cadence' },
      parseDefineCadenceRequest({ name: 'Bench', steps: [{ stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.value.templateId }] }),
    );
    if (cadence.kind !== 'done') throw new Error(cadence.detail);

    // through the debtors' use cases (a CSV import records no consent, and without consent nothing is sent)
    const integrator = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator' as const] };
    const loadStarted = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < debts; i = next++) {
        const debtor = await debtors.useCases.registerDebtor.execute(
          { principal: integrator, idempotencyKey: `bench-debtor-${i}` },
          parseRegisterDebtorRequest({ taxId: generateCpf(), name: `Devedor ${i}`, state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: `d${i}@bench.example`, consent: 'granted' }] }),
        );
        if (debtor.kind !== 'done') throw new Error(debtor.detail);
        const debt = await debtors.useCases.registerDebt.execute(
          { principal: integrator, idempotencyKey: `bench-debt-${i}` },
          parseRegisterDebtRequest({ debtorId: debtor.value.debtorId, contractReference: `BENCH-${i}`, originalAmount: { amount: 10_000 + i, currency: 'BRL' }, dueDate: '2026-02-10', lateFeeRate: '0.02' }),
        );
        if (debt.kind !== 'done') throw new Error(debt.detail);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const count = async (): Promise<number> => Number((await contacts.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM contacts_deadlines WHERE tenant_id = $1', [TENANT]))[0]?.n ?? 0);
    while ((await count()) < debts) await new Promise((resolve) => setTimeout(resolve, 250));
    const loaded = (Date.now() - loadStarted) / 1000;

    // baseline: the same number of e-mails through the same adapter, nothing else
    const adapter = new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from, timeoutMs: 10_000 });
    const baselineStarted = Date.now();
    for (let i = 0; i < debts; i++) await adapter.send({ messageId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, tenantId: TENANT, to: `baseline${i}@bench.example`, subject: 'Débito', text: 'Olá' });
    const baseline = (Date.now() - baselineStarted) / 1000;

    const serialHalf = Math.floor(debts / 2);
    const serialStarted = Date.now();
    const serialHandled = await contacts.scheduler.runDue(serialHalf, 1);
    const serial = (Date.now() - serialStarted) / 1000;
    const runStarted = Date.now();
    const handled = await contacts.scheduler.runDue(10_000_000, concurrency);
    const run = (Date.now() - runStarted) / 1000;
    const sent = Number((await contacts.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE tenant_id = $1 AND event_type = 'ContactSent'", [TENANT]))[0]?.n ?? 0);
    if (sent !== debts) {
      const outcomes = await contacts.store.driver.query<{ event_type: string; n: string; data: unknown }>(
        "SELECT event_type, count(*) AS n, min(data::text) AS data FROM es_events WHERE tenant_id = $1 AND stream_id LIKE 'dunning-%' GROUP BY event_type",
        [TENANT],
      );
      throw new Error(`${sent} ContactSent for ${debts} due debts: ${JSON.stringify(outcomes)}`);
    }
    const rate = handled / run;
    const serialRate = serialHandled / serial;
    const baselineRate = debts / baseline;
    printTable([
      ['measure', 'time', 'rate', 'note'],
      ['registration and tracking by contacts (setup)', `${loaded.toFixed(1)} s`, `${Math.round(debts / loaded)} debts/s`, 'debtors use cases, embedded transport, contacts consumer'],
      ['baseline: e-mails through the SMTP adapter alone', `${baseline.toFixed(1)} s`, `${Math.round(baselineRate)} msgs/s`, 'the same pooled adapter, one send after another'],
      ['scheduler run, one debt at a time (first half)', `${serial.toFixed(1)} s`, `${Math.round(serialRate)} debts/s`, `${serialHandled} handled; ${((serialRate / baselineRate) * 100).toFixed(0)}% of the baseline`],
      [`scheduler run, ${concurrency} at a time (second half)`, `${run.toFixed(1)} s`, `${Math.round(rate)} debts/s`, `${handled} handled, ${sent} sent in all; ${((rate / baselineRate) * 100).toFixed(0)}% of the baseline, ${(rate / serialRate).toFixed(1)}x one at a time`],
      ['a million due debts at that rate', `${(1_000_000 / rate / 60).toFixed(0)} min`, '', `target < 5 min: ${1_000_000 / rate < 300 ? 'met' : 'NOT MET'}`],
    ]);
    process.stdout.write(`peak RSS of this process ${Math.round(peakRss / 2 ** 20)} MiB\n`);
  } finally {
    clearInterval(sampler);
    await contacts.close();
    await debtors.close();
    await database.drop();
    await smtp.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
