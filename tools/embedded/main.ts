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
import { startDebtorsService } from '@collections/debtors-service';
import { loadDemoPortfolio } from './demo-portfolio';
import { EMBEDDED_SERVICES, type EmbeddedRunningService } from './services';
import { loadContactsDemo, runContactsDemo, type startEmbeddedContacts } from './embedded-contacts';
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
  const loaded = await loadDemoPortfolio(service.useCases, DEMO_TENANT);
  await service.projections.catchUp();
  // the first aging sweep now rather than in a minute: overdue demo debts show as such
  if (await service.scheduler.runDue()) await service.projections.catchUp();
  const cadence = contacts ? await runContactsDemo(contacts.service, DEMO_TENANT, 6) : undefined;
  const escalation = legal ? await runLegalDemo(legal.service, DEMO_TENANT) : undefined;
  const report = await service.store.verify();
  log(`embedded: ready in ${Date.now() - started} ms; ${report.eventsChecked} events in ${report.streamsChecked} streams, hash chain ${report.ok ? 'verified' : 'BROKEN'}${loaded ? `; demo portfolio loaded (${loaded})` : ''}`);
  log('');
  log(`  REST     ${service.httpUrl}        OpenAPI docs: ${service.httpUrl}/docs`);
  log(`  gRPC     ${service.grpcUrl}   (server reflection on; package collections.debtors.v1)`);
  for (const { name, running } of others) log(`  ${name.padEnd(8)} REST ${running.httpUrl}  gRPC ${running.grpcUrl ?? '(off)'}`);
  if (cadence) log(`  contacts: the demo cadence ran: ${cadence} (GET ${contacts!.httpUrl}/debts/<debtId>/contacts)`);
  if (escalation) log(`  legal: the demo escalation ran: ${escalation} (GET ${legal!.httpUrl}/escalations/<debtId>)`);
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

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  console.error('embedded: failed to start:', error);
  process.exit(1);
});
