/**
 * `npm start`: the platform in embedded mode, one process, no servers to install.
 *
 * PGlite (PostgreSQL compiled to WASM) runs in this process, keeps its data in a local
 * folder, and is served over the PostgreSQL wire protocol on a local port, so the
 * services reach it with node-postgres exactly as they reach a server (one data-access
 * path). Delivery between services goes through event-store
 * subscriptions instead of Kafka. A dev signing key and a dev PII master key are made
 * once in the data folder. A small demo portfolio is loaded on the first run.
 *
 * PGlite's NodeFS storage runs with fsync off (electric-sql/pglite#1107): this mode is
 * for trying the product, not for keeping real data.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from '@collections/shared-event-store';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, ROLES } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { loadOrCreateDevMasterKey } from '@collections/shared-pii';
import { stopOnSignals } from '@collections/shared-service-kit';
import { parseListDebtsQuery, startDebtorsService } from '@collections/debtors-service';
import { loadDemoPortfolio } from './demo-portfolio';
import { reportingDemoSummary, type startEmbeddedReporting } from './embedded-reporting';
import { EMBEDDED_SERVICES, type EmbeddedRunningService } from './services';
import { loadContactsDemo, runContactsDemo, type startEmbeddedContacts } from './embedded-contacts';
import { issueDemoSelfServiceLink, loadNegotiationDemo, type startEmbeddedNegotiation } from './embedded-negotiation';
import { DEMO_WEBHOOK_SECRET, loadPaymentsDemo, type startEmbeddedPayments } from './embedded-payments';
import { loadLegalDemo, runLegalDemo, type startEmbeddedLegal } from './embedded-legal';

const DEMO_TENANT = 'demo-credor';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env['EMBEDDED_DATA_DIR'] ?? '.data/embedded');
  const host = process.env['EMBEDDED_HOST'] ?? '127.0.0.1';
  const pgPort = Number(process.env['EMBEDDED_PG_PORT'] ?? 5433);
  const httpPort = Number(process.env['DEBTORS_HTTP_PORT'] ?? 3000);
  const grpcPort = Number(process.env['DEBTORS_GRPC_PORT'] ?? 50051);
  const once = process.argv.includes('--once');
  mkdirSync(path.join(dataDir, 'pgdata'), { recursive: true });

  log(`embedded: opening PGlite in ${dataDir}/pgdata`);
  const started = Date.now();
  const db = new PGlite(path.join(dataDir, 'pgdata'));
  await db.waitReady;
  // pglite-socket queues the queries of all connections onto PGlite's single session, and
  // a guard keeps that session the service's whatever psql or pg_dump do on it
  const { server, database } = await servePglite(db, { host, port: pgPort, log });

  const devKey = await loadOrCreateDevKey(dataDir);
  const verifier = await JwtVerifier.create(devAuthConfig(devKey));
  const masterKey = await loadOrCreateDevMasterKey(dataDir);
  const service = await startDebtorsService({
    database,
    verifier,
    masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host, port: httpPort },
    grpc: { host, port: grpcPort },
    schedulerIntervalMs: 60_000,
    logLevel: process.env['LOG_LEVEL'] ?? 'warn',
  });
  // the other services read debtors through its API with tokens of the platform itself
  const serviceTokens = new TokenIssuer(devKey);
  // the generated contexts share the same database (one log), each on its own ports
  const others: { name: string; running: EmbeddedRunningService }[] = [];
  for (const other of EMBEDDED_SERVICES) {
    const running = await other.start({
      database,
      verifier,
      masterKey,
      host,
      logLevel: process.env['LOG_LEVEL'] ?? 'warn',
      port: (variable, fallback) => Number(process.env[variable] ?? fallback),
      debtorsUrl: service.httpUrl,
      serviceToken: (tenantId, role = 'integrator') => serviceTokens.mint({ subject: 'service:platform', tenantId: TenantId.parse(tenantId), roles: [role], ttlSeconds: 300 }),
      dataDir,
      log,
    });
    others.push({ name: other.name, running });
  }
  const contacts = others.find((o) => o.name === 'contacts')?.running as Awaited<ReturnType<typeof startEmbeddedContacts>> | undefined;
  if (contacts) await loadContactsDemo(contacts.service, DEMO_TENANT);
  const legal = others.find((o) => o.name === 'legal')?.running as Awaited<ReturnType<typeof startEmbeddedLegal>> | undefined;
  if (legal) await loadLegalDemo(legal.service, DEMO_TENANT);
  const loaded = await loadDemoPortfolio(service.useCases, DEMO_TENANT, brazilToday());
  await service.projections.catchUp();
  // the first aging sweep now rather than in a minute: overdue demo debts show as such
  if (await service.scheduler.runDue()) await service.projections.catchUp();
  const cadence = contacts ? await runContactsDemo(contacts.service, DEMO_TENANT, 6) : undefined;
  // payments first: its PIX receiver set, it issues the charges of the demo agreement's installments
  const payments = others.find((o) => o.name === 'payments')?.running as Awaited<ReturnType<typeof startEmbeddedPayments>> | undefined;
  const paymentsDemo = payments ? await loadPaymentsDemo(payments.service, DEMO_TENANT, (await demoDebt(service, DEMO_TENANT, 'DEMO-1-1')).debtId) : undefined;
  const negotiation = others.find((o) => o.name === 'negotiation')?.running as Awaited<ReturnType<typeof startEmbeddedNegotiation>> | undefined;
  const agreement = negotiation ? await loadNegotiationDemo(negotiation.service, DEMO_TENANT, (await demoDebt(service, DEMO_TENANT, 'DEMO-3-2')).debtId, brazilToday()) : undefined;
  const selfServiceDebt = await demoDebt(service, DEMO_TENANT, 'DEMO-2-1');
  const selfServiceLink = negotiation ? await issueDemoSelfServiceLink(negotiation.service, DEMO_TENANT, selfServiceDebt.debtorId, selfServiceDebt.debtId) : undefined;
  const escalation = legal ? await runLegalDemo(legal.service, DEMO_TENANT) : undefined;
  const reporting = others.find((o) => o.name === 'reporting')?.running as Awaited<ReturnType<typeof startEmbeddedReporting>> | undefined;
  const reportingDemo = reporting ? await reportingDemoSummary(reporting.service, DEMO_TENANT) : undefined;
  const report = await service.store.verify();
  log(`embedded: ready in ${Date.now() - started} ms; ${report.eventsChecked} events in ${report.streamsChecked} streams, hash chain ${report.ok ? 'verified' : 'BROKEN'}${loaded ? `; demo portfolio loaded (${loaded})` : ''}`);
  log('');
  log(`  REST     ${service.httpUrl}        OpenAPI docs: ${service.httpUrl}/docs`);
  log(`  gRPC     ${service.grpcUrl}   (server reflection on; package collections.debtors.v1)`);
  for (const { name, running } of others) log(`  ${name.padEnd(8)} REST ${running.httpUrl}  gRPC ${running.grpcUrl ?? '(off)'}`);
  if (cadence) log(`  contacts: the demo cadence ran: ${cadence} (GET ${contacts!.httpUrl}/debts/<debtId>/contacts)`);
  if (paymentsDemo) log(`  payments: demo ${paymentsDemo}; PIX webhook secret "${DEMO_WEBHOOK_SECRET}"`);
  if (agreement) log(`  negotiation: demo ${agreement}`);
  if (selfServiceLink) log(`  negotiation: the debtor's self-service page (open in a browser): ${selfServiceLink}`);
  if (escalation) log(`  legal: the demo escalation ran: ${escalation} (GET ${legal!.httpUrl}/escalations/<debtId>)`);
  if (reporting) log(`  reporting: ${reportingDemo}; supervisor dashboard (open in a browser, paste the supervisor token below): ${reporting.httpUrl}/painel`);
  log(`  Postgres postgresql://postgres@${host}:${pgPort}/postgres?sslmode=disable   (the embedded database)`);
  log('');
  const issuer = new TokenIssuer(devKey);
  log(`  Demo tokens for tenant "${DEMO_TENANT}" (valid 12 h; signed by the dev key in ${dataDir}):`);
  for (const role of ROLES) {
    const token = await issuer.mint({ subject: `demo-${role}`, tenantId: TenantId.parse(DEMO_TENANT), roles: [role], ttlSeconds: 12 * 3600 });
    log(`  ${role.padEnd(11)} ${token}`);
  }
  log('');
  log('  Try: curl -H "Authorization: Bearer <integrator token>" ' + `${service.httpUrl}/debts`);
  log('  Ctrl-C stops; data stays in the folder above (embedded mode is for trying, not for real data).');

  const stop = async (): Promise<void> => {
    for (const { running } of others.reverse()) await running.close();
    await service.close();
    await server.stop();
    await db.close();
  };
  stopOnSignals('embedded', stop, log);
  if (once) {
    log('embedded: --once, stopping');
    await stop();
    process.exit(0);
  }
}

/**
 * A demo debt by its contract reference, the same one on every run: DEMO-3-2 (the bakery's
 * second debt) gets the demo agreement, DEMO-2-1 the self-service link, DEMO-1-1 (whose
 * cadence the contacts demo shows running) the payments demo's charge and partial payment.
 */
async function demoDebt(service: Awaited<ReturnType<typeof startDebtorsService>>, tenantId: string, reference: string): Promise<{ debtId: string; debtorId: string }> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['integrator' as const] };
  const page = await service.useCases.listDebts.execute({ principal }, parseListDebtsQuery({ pageSize: 50 }));
  const debt = page.items.find((d) => d.contractReference === reference) ?? page.items[0];
  if (!debt) throw new Error('the demo portfolio has no debt');
  return { debtId: debt.debtId, debtorId: debt.debtorId };
}

/** Today in Brazil (the demo's offer date). */
function brazilToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  console.error('embedded: failed to start:', error);
  process.exit(1);
});
