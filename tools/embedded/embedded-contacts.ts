import { createWriteStream, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { TenantId } from '@collections/shared-kernel';
import { SmtpEmailAdapter, smtpConfigFromUrl } from '@collections/contacts-channels';
import { HttpDebtorDirectory, HttpSelfServiceLinks, parseDefineCadenceRequest, parseSetCreditorRequest, parseUploadTemplateRequest, startContactsService, type ContactsService } from '@collections/contacts-service';
import type { EmbeddedRunningService, EmbeddedServiceEnvironment } from './services';

export const DEMO_CREDITOR = { name: 'Credor Demonstração S.A.', address: 'Av. Paulista, 1000, Bela Vista, São Paulo - SP, 01310-100', taxId: '11.222.333/0001-81' };
const FROM = '"Cobrança Credor Demonstração" <cobranca@credor-demo.example>';

/**
 * An SMTP server on 127.0.0.1 that keeps what it receives as .eml files in the outbox
 * folder: in embedded mode the e-mails a cadence sends really go over SMTP, and land
 * where a newcomer can open them, instead of in somebody's mailbox.
 */
export async function startOutbox(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  let received = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++received}.eml`);
      stream.pipe(createWriteStream(file)).on('finish', () => callback()).on('error', callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The contacts service in embedded mode: its directory is the debtors service's API, its
 * e-mail goes to SMTP_URL when given, else to the embedded outbox. The demo tenant gets a
 * creditor identification, an e-mail template and a cadence (loaded once).
 */
export async function startEmbeddedContacts(environment: EmbeddedServiceEnvironment): Promise<EmbeddedRunningService & { readonly service: ContactsService }> {
  const outbox = process.env['SMTP_URL'] ? undefined : await startOutbox(path.join(environment.dataDir, 'outbox'));
  const smtpUrl = process.env['SMTP_URL'] ?? outbox!.url;
  const service = await startContactsService({
    database: environment.database,
    verifier: environment.verifier,
    masterKey: environment.masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host: environment.host, port: environment.port('CONTACTS_HTTP_PORT', 3001) },
    grpc: { host: environment.host, port: environment.port('CONTACTS_GRPC_PORT', 50052) },
    logLevel: environment.logLevel,
    directory: new HttpDebtorDirectory({ baseUrl: environment.debtorsUrl, token: (tenantId) => environment.serviceToken(tenantId) }),
    // the negotiation service of this process issues the links of templates that show {{link.selfService}}
    selfServiceLinks: new HttpSelfServiceLinks({ baseUrl: `http://${environment.host}:${environment.port('NEGOTIATION_HTTP_PORT', 3002)}`, token: (tenantId) => environment.serviceToken(tenantId) }),
    senders: { email: new SmtpEmailAdapter(smtpConfigFromUrl(smtpUrl, { from: process.env['SMTP_FROM'] ?? FROM })) },
    scheduler: { pollMs: 5_000 },
  });
  if (outbox) environment.log(`  contacts e-mail goes to the embedded outbox: ${path.join(environment.dataDir, 'outbox')} (.eml files)`);
  return {
    service,
    httpUrl: service.httpUrl,
    grpcUrl: service.grpcUrl,
    async close() {
      await service.close();
      await outbox?.close();
    },
  };
}

/** The demo tenant's creditor, template and cadence, through the use cases (idempotency keys make it once). */
export async function loadContactsDemo(service: ContactsService, tenantId: string): Promise<void> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['supervisor' as const] };
  const { useCases } = service;
  await useCases.setCreditor.execute({ principal }, parseSetCreditorRequest(DEMO_CREDITOR));
  const template = await useCases.uploadTemplate.execute(
    { principal, idempotencyKey: 'demo-template-email-1' },
    parseUploadTemplateRequest({
      name: 'Primeiro aviso por e-mail',
      channel: 'email',
      subject: 'Aviso de débito em aberto - contrato {{debt.contractReference}}',
      body: 'Olá {{debtor.firstName}},\n\nconsta em aberto o valor de {{debt.balance}}, vencido em {{debt.dueDate}}. Se já pagou, desconsidere.\n\n{{creditor.name}} - CNPJ {{creditor.taxId}}\n{{creditor.address}}',
    }),
  );
  if (template.kind !== 'done') throw new Error(`demo template refused: ${template.detail}`);
  const cadence = await useCases.defineCadence.execute(
    { principal, idempotencyKey: 'demo-cadence-1' },
    parseDefineCadenceRequest({
      name: 'Régua de demonstração',
      steps: [
        { stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.value.templateId },
        { stepId: 'd15-call', offsetDays: 15, channel: 'voice' },
      ],
    }),
  );
  if (cadence.kind !== 'done') throw new Error(`demo cadence refused: ${cadence.detail}`);
}

/**
 * Runs the demo tenant's cadence once its debts reached the contacts service (the
 * embedded transport delivers them within a second or two), and says what it did.
 */
export async function runContactsDemo(service: ContactsService, tenantId: string, debts: number): Promise<string> {
  const driver = service.store.driver;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await driver.query<{ n: string }>("SELECT count(*) AS n FROM es_streams WHERE stream_category = 'dunning' AND tenant_id = $1", [tenantId]);
    if (Number(row?.n ?? 0) >= debts || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await service.scheduler.runDue();
  const rows = await driver.query<{ type: string; n: string }>(
    "SELECT event_type AS type, count(*) AS n FROM es_events WHERE stream_id LIKE 'dunning-%' AND tenant_id = $1 AND event_type IN ('ContactSent', 'ContactDeferred', 'ContactBlocked', 'CallTaskCreated') GROUP BY event_type ORDER BY event_type",
    [tenantId],
  );
  const counts = rows.map((r) => `${r.n} ${r.type}`).join(', ');
  return counts === '' ? 'no step due yet' : counts;
}
