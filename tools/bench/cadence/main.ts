/**
 * Cadence run benchmark: `npm run bench:cadence [-- --debts 20000 --batch 200 --concurrency 4 --serial 200 --smtp 2000]`.
 *
 * The debtors service (its own database) and the contacts service (another database), a
 * real SMTP server on 127.0.0.1, a cadence with one e-mail step; the contacts service asks
 * the debtors service over HTTP (POST /debtors/lookup) as its directory.
 *
 * Setup, for N debts (N debtors with one debt each, due 2026-02-10, e-mail with consent):
 * - debtors: the portfolio import (NDJSON through `importPortfolio`, the bulk path of
 *   `POST /imports`: the same deciders and codecs as the API, personal data encrypted);
 * - contacts: what its consumer writes on DebtorRegistered, DebtRegistered and
 *   DebtBecameOverdue (the contacts_debtors and contacts_debts rows, the dunning stream's
 *   DebtTracked / CadenceStarted / DebtOverdueNoted events decided by the contacts
 *   domain's decider, a deadline due now), written in bulk: the consumer itself (one
 *   debtors event at a time over the embedded transport) would take hours for a million.
 *
 * Every one of the N debts then has its step due: N is the number of debts due AND
 * worked. Measured in the same run: the SMTP adapter alone (`--concurrency` sends at a
 * time, its pool), the per-debt run of before over the first `--serial` due debts, the
 * batched run over the next `--smtp` due debts through SMTP (at most half of what is left),
 * and over all the others with a channel that accepts at once (the scheduler's own cost: look-ups, SQL, events). Prints debts/s, a million at that rate, and the peak RSS of
 * this process (which also hosts both services and the SMTP server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { ExpectedVersion, type NewEvent } from '@collections/shared-event-store';
import { Money, TenantId, TestClock, fold, uuidV7Ids, type IsoDate } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { importPortfolio, startDebtorsService } from '@collections/debtors-service';
import { SmtpEmailAdapter, type ContactChannelAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { debtContactDecider, type DebtContactCommand, type DebtContactEvent } from '@collections/contacts-domain';
import { HttpDebtorDirectory, parseDefineCadenceRequest, parseSetCreditorRequest, parseUploadTemplateRequest, startContactsService } from '@collections/contacts-service';
import { positiveIntegerOption, printTable } from '../bench-kit';

const TENANT = 'bench-cadence';
const DUE_DATE = '2026-02-10';

/** Valid CPFs, deterministic (the import claims each tax id once per tenant). */
function cpf(n: number): string {
  const digits = String(100_000_000 + n).slice(-9).split('').map(Number);
  const check = (ds: number[]) => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const first = check(digits);
  const second = check([...digits, first]);
  return [...digits, first, second].join('');
}

async function main(): Promise<void> {
  const debts = positiveIntegerOption(process.argv, 'debts', 20_000);
  const batchSize = positiveIntegerOption(process.argv, 'batch', 200);
  const concurrency = positiveIntegerOption(process.argv, 'concurrency', 4);
  const serialWanted = Math.min(positiveIntegerOption(process.argv, 'serial', 200), Math.floor(debts / 4));
  const smtpWanted = positiveIntegerOption(process.argv, 'smtp', 2_000);
  const smtp = await LocalSmtpServer.start();
  const debtorsDb = await createTestDatabase('bench_cadence_debtors');
  const contactsDb = await createTestDatabase('bench_cadence_contacts');
  const devKey = await loadOrCreateDevKey(mkdtempSync(path.join(os.tmpdir(), 'bench-cadence-')));
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const issuer = new TokenIssuer(devKey);
  const masterKey = MasterKey.fromBase64(randomBytes(32).toString('base64'));
  // a Tuesday, 10:00 in São Paulo: inside contact hours, so every due step is sent
  const clock = new TestClock('2026-03-03T13:00:00.000Z');
  const token = (roles: ('integrator' | 'supervisor')[]) => issuer.mint({ subject: 'bench', tenantId: TenantId.parse(TENANT), roles, ttlSeconds: 3_600 });
  const debtors = await startDebtorsService({
    database: debtorsDb.config,
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
  // the e-mail channel: the SMTP adapter, or (for the last part of the run) a sink that
  // accepts at once, to show what the scheduler does with the channel's cost taken away
  const smtpChannel = new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from, timeoutMs: 10_000 });
  let sink = false;
  let sunk = 0;
  const channel: ContactChannelAdapter = {
    channel: 'email',
    send: async (message) => {
      if (!sink) return smtpChannel.send(message);
      sunk++;
      return { providerMessageId: `sink-${message.messageId}`, acceptedAt: new Date().toISOString() };
    },
  };
  const contacts = await startContactsService({
    database: contactsDb.config,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    clock,
    logLevel: 'warn',
    log: () => undefined,
    directory: new HttpDebtorDirectory({ baseUrl: debtors.httpUrl, token: () => token(['integrator']) }),
    senders: { email: channel },
    scheduler: false,
  });
  let peakRss = 0;
  let mails = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // the test SMTP server keeps what it receives: counted and let go, so memory is the services'
    mails += smtp.received.splice(0).length;
  }, 200);
  try {
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
    process.stdout.write(
      `cadence benchmark, ${new Date().toISOString()}: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${load}; ` +
        `${debts.toLocaleString('en')} debts, every one with its e-mail step due; batches of ${batchSize}, ${concurrency} sends at a time\n`,
    );
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
    const cadenceId = cadence.value.cadenceId;
    const cadenceVersion = (await contacts.store.readStream(`cadence-${cadenceId}`, { tenantId: TENANT })).events.length;

    // debtors: the portfolio import, e-mail consent granted in the file
    const integrator = { subject: 'bench', tenantId: TenantId.parse(TENANT), roles: ['integrator' as const] };
    const importStarted = Date.now();
    const rows = Readable.from(
      (function* () {
        for (let i = 0; i < debts; i++) {
          yield `${JSON.stringify({ taxId: cpf(i), name: `Devedor ${i}`, state: 'SP', timeZone: 'America/Sao_Paulo', email: `d${i}@bench.example`, emailConsent: 'granted', contractReference: `BENCH-${i}`, amount: (100 + (i % 900)).toFixed(2), currency: 'BRL', dueDate: DUE_DATE, lateFeeRate: '0.02' })}\n`;
        }
      })(),
    );
    const report = await importPortfolio(debtors.useCases.importPortfolio, { principal: integrator }, rows, 'ndjson');
    if (report.imported !== debts) throw new Error(`imported ${report.imported} of ${debts}: ${JSON.stringify(report.errors.slice(0, 3))}`);
    const imported = (Date.now() - importStarted) / 1000;

    // contacts: what its consumer writes for each registered, overdue debt, in chunks
    const trackStarted = Date.now();
    const ids = uuidV7Ids;
    const at = clock.now().toISOString();
    let after = '';
    for (;;) {
      const page = await debtors.store.driver.query<{ stream_id: string; data: { debtId: string; debtorId: string; contractReference: string; originalAmount: { amount: number; currency: 'BRL' } } }>(
        "SELECT stream_id, data FROM es_events WHERE tenant_id = $1 AND stream_category = 'debt' AND stream_version = 1 AND stream_id > $2 ORDER BY stream_id LIMIT 1000",
        [TENANT, after],
      );
      if (page.length === 0) break;
      after = page[page.length - 1]!.stream_id;
      const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
      for (const { data: d } of page) {
        const commands: DebtContactCommand[] = [
          { type: 'TrackDebt', debtId: d.debtId, debtorId: d.debtorId, dueDate: DUE_DATE as IsoDate, originalAmount: Money.of(d.originalAmount.amount, d.originalAmount.currency), now: at, actor: 'system:debtors' },
          { type: 'StartCadence', debtId: d.debtId, cadenceId, version: cadenceVersion, now: at, actor: 'system:contacts' },
          { type: 'NoteOverdue', debtId: d.debtId, asOf: '2026-02-11' as IsoDate, now: at, actor: 'system:debtors' },
        ];
        const produced: DebtContactEvent[] = [];
        for (const command of commands) produced.push(...debtContactDecider.decide(command, fold(debtContactDecider, produced)));
        appends.push({ streamId: `dunning-${d.debtId}`, events: produced.map((e) => ({ eventId: ids.next(), type: e.type, data: e.data, metadata: { actor: 'system:debtors' } })), expectedVersion: ExpectedVersion.noStream });
      }
      await contacts.store.transaction(async (tx) => {
        const col = <K extends keyof (typeof page)[number]['data']>(k: K) => page.map((p) => p.data[k]);
        await tx.query(`INSERT INTO contacts_debtors (tenant_id, debtor_id, kind, state, time_zone) SELECT $1, d, 'person', 'SP', 'America/Sao_Paulo' FROM unnest($2::uuid[]) AS x(d)`, [TENANT, col('debtorId')]);
        await tx.query(`INSERT INTO contacts_debts (tenant_id, debt_id, debtor_id, segment, contract_reference) SELECT $1, t, d, 'default', r FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS x(t, d, r)`, [
          TENANT,
          col('debtId'),
          col('debtorId'),
          col('contractReference'),
        ]);
        await contacts.store.appendToStreams(appends, { tenantId: TENANT, transaction: tx });
        await tx.query(`INSERT INTO contacts_deadlines (tenant_id, debt_id, due_at) SELECT $1, t, $3 FROM unnest($2::uuid[]) AS x(t)`, [TENANT, col('debtId'), at]);
      });
    }
    const tracked = (Date.now() - trackStarted) / 1000;
    const due = Number((await contacts.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM contacts_deadlines WHERE tenant_id = $1 AND due_at <= $2', [TENANT, at]))[0]?.n ?? 0);
    if (due !== debts) throw new Error(`${due} due debts for ${debts} imported`);

    // baseline: as many e-mails as the batched run sends, through the same adapter, `concurrency` at a time
    const baselineCount = Math.min(debts, smtpWanted);
    const adapter = new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from, timeoutMs: 10_000 });
    const baselineStarted = Date.now();
    let nextMail = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = nextMail++; i < baselineCount; i = nextMail++) {
          await adapter.send({ messageId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, tenantId: TENANT, to: `baseline${i}@bench.example`, subject: 'Débito', text: 'Olá' });
        }
      }),
    );
    const baseline = (Date.now() - baselineStarted) / 1000;
    const baselineRate = baselineCount / baseline;

    // the per-debt run of before, on the first due debts
    const serialStarted = Date.now();
    const serialHandled = await contacts.scheduler.runDueOneByOne(serialWanted, 1);
    const serial = (Date.now() - serialStarted) / 1000;
    const serialRate = serialHandled / serial;

    // the batched run: half of what is left through SMTP, the rest into the sink
    const viaSmtp = Math.min(smtpWanted, Math.floor((debts - serialHandled) / 2));
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const runStarted = Date.now();
    const handled = await contacts.scheduler.runDue(viaSmtp, concurrency, batchSize);
    const run = (Date.now() - runStarted) / 1000;
    sink = true;
    const sinkStarted = Date.now();
    const sinkHandled = await contacts.scheduler.runDue(100_000_000, concurrency, batchSize);
    const sinkRun = (Date.now() - sinkStarted) / 1000;
    const runPeak = peakRss;
    const sent = Number((await contacts.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE tenant_id = $1 AND event_type = 'ContactSent'", [TENANT]))[0]?.n ?? 0);
    const left = Number((await contacts.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM contacts_deadlines WHERE tenant_id = $1', [TENANT]))[0]?.n ?? 0);
    if (sent !== debts || left !== 0) {
      const outcomes = await contacts.store.driver.query<{ event_type: string; n: string; data: unknown }>(
        "SELECT event_type, count(*) AS n, min(data::text) AS data FROM es_events WHERE tenant_id = $1 AND stream_id LIKE 'dunning-%' GROUP BY event_type",
        [TENANT],
      );
      throw new Error(`${sent} ContactSent for ${debts} due debts, ${left} deadlines left: ${JSON.stringify(outcomes)}`);
    }
    const rate = handled / run;
    const sinkRate = sinkHandled / sinkRun;
    printTable([
      ['measure', 'time', 'rate', 'note'],
      ['setup: debtors portfolio import', `${imported.toFixed(1)} s`, `${Math.round(debts / imported)} debts/s`, `${debts} debtors and debts, NDJSON, the import's bulk path`],
      ['setup: contacts tracking, written in bulk', `${tracked.toFixed(1)} s`, `${Math.round(debts / tracked)} debts/s`, 'what the consumer writes, decided by the contacts decider'],
      ['baseline: the SMTP adapter alone', `${baseline.toFixed(1)} s`, `${Math.round(baselineRate)} msgs/s`, `${baselineCount} e-mails, ${concurrency} at a time (its pool)`],
      ['per-debt run (before), one at a time', `${serial.toFixed(1)} s`, `${Math.round(serialRate)} debts/s`, `${serialHandled} due debts worked and sent`],
      [`batched run, batches of ${batchSize}, SMTP`, `${run.toFixed(1)} s`, `${Math.round(rate)} debts/s`, `${handled} due debts worked and sent; ${((rate / baselineRate) * 100).toFixed(0)}% of the baseline, ${(rate / serialRate).toFixed(1)}x per-debt`],
      ['a million due debts at that rate', `${(1_000_000 / rate / 60).toFixed(1)} min`, '', `target < 5 min: ${1_000_000 / rate < 300 ? 'met' : 'NOT MET'}`],
      [`batched run, batches of ${batchSize}, sink channel`, `${sinkRun.toFixed(1)} s`, `${Math.round(sinkRate)} debts/s`, `${sinkHandled} due debts worked, ${sunk} accepted by the sink: the scheduler without the channel's cost`],
      ['a million due debts at that rate', `${(1_000_000 / sinkRate / 60).toFixed(1)} min`, '', `target < 5 min: ${1_000_000 / sinkRate < 300 ? 'met' : 'NOT MET'}`],
    ]);
    process.stdout.write(
      `${sent} ContactSent in all, ${mails + smtp.received.length} e-mails received; peak RSS during the batched run ${Math.round(runPeak / 2 ** 20)} MiB (${Math.round(rssBefore / 2 ** 20)} MiB before it); load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    clearInterval(sampler);
    await contacts.close();
    await debtors.close();
    await contactsDb.drop();
    await debtorsDb.drop();
    await smtp.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
