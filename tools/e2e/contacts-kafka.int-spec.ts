import { randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { Kafka, logLevel } from 'kafkajs';
import { SmtpEmailAdapter } from '@collections/contacts-channels';
import { LocalSmtpServer } from '@collections/contacts-channels-testing';
import { HttpDebtorDirectory, startContactsService, type ContactsService } from '@collections/contacts-service';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, eventually, httpCall, type TestDatabase } from '@collections/shared-testing';

interface TwoServices {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly contacts: ContactsService;
  close(): Promise<void>;
}

/**
 * Server mode: debtors and contacts each on its own PostgreSQL database, the debtors'
 * events carried by its outbox relay to a real Kafka broker, read by the contacts
 * consumer group; the cadence then sends through a real SMTP server on 127.0.0.1.
 */
describe('contacts in server mode: debtors events over a real Kafka broker, each service its own database', () => {
  let smtp: LocalSmtpServer;
  let kit: TestService<TwoServices>;
  let debtorsDatabase: TestDatabase;
  const group = `contacts-${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  const key = (): string => `contacts-kafka-${process.pid}-${++sequence}`;
  const TENANT = `kafka-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    debtorsDatabase = await createTestDatabase('contacts_kafka_debtors');
    let started: TestService<TwoServices> | undefined = undefined;
    started = await startServiceForTest<TwoServices>('contacts_kafka', async (env) => {
      const kafka = new Kafka({ ...kafkaConfigFromEnv('test-contacts-kafka'), logLevel: logLevel.NOTHING });
      const debtors = await startDebtorsService({
        database: debtorsDatabase.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: true, partitions: 3 },
        http: { host: '127.0.0.1', port: 0 },
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      const contacts = await startContactsService({
        database: env.database.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: true, partitions: 3, consumerGroup: group },
        http: env.http,
        grpc: env.grpc,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
        directory: new HttpDebtorDirectory({ baseUrl: debtors.httpUrl, token: (tenantId) => started!.token(tenantId, 'integrator') }),
        senders: { email: new SmtpEmailAdapter({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'cobranca@kafka.example', timeoutMs: 5_000 }) },
        scheduler: false,
      });
      return {
        httpUrl: contacts.httpUrl,
        debtors,
        contacts,
        async close() {
          await contacts.close();
          await debtors.close();
        },
      };
    });
    kit = started;
  });
  afterAll(async () => {
    await kit?.close();
    await debtorsDatabase?.drop();
    await smtp?.close();
  });

  it('tracks a debt registered in the debtors service, sends its step, and stops it when the debt is settled', async () => {
    const supervisor = await kit.token(TENANT, 'supervisor', 'agent');
    const integrator = await kit.token(TENANT, 'integrator');
    const debtors = (method: string, url: string, body: unknown) => httpCall(kit.service.debtors.httpUrl, method, url, { token: integrator, idempotencyKey: key(), body });
    expect((await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Credor Kafka S.A.', address: 'Rua do Porto, 1, Recife - PE', taxId: '11.222.333/0001-81' } })).status).toBe(200);
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'E-mail', channel: 'email', subject: 'Débito em aberto', body: '{{creditor.name}} {{creditor.taxId}} {{creditor.address}}: {{debtor.firstName}}, {{debt.balance}}.' },
    });
    expect((await kit.call('POST', '/cadences', { token: supervisor, idempotencyKey: key(), body: { name: 'Kafka', steps: [{ stepId: 'd1', offsetDays: 1, channel: 'email', templateId: template.body.templateId }] } })).status).toBe(201);

    const debtor = await debtors('POST', '/debtors', { taxId: generateCpf(), name: 'Lia Rocha', state: 'PE', contactPoints: [{ kind: 'email', value: 'lia@example.com', consent: 'granted' }] });
    const debt = await debtors('POST', '/debts', { debtorId: debtor.body.debtorId, contractReference: 'K-1', originalAmount: { amount: 20_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' });
    const debtId: string = debt.body.debtId;
    // relay -> collections.debtors.events.v1 -> the contacts consumer group
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body.status).toBe('running'), 60_000, 200);
    await kit.service.contacts.scheduler.runDue();
    expect(smtp.received.filter((m) => m.envelope.rcptTo.some((r) => r.address === 'lia@example.com'))).toHaveLength(1);

    expect((await debtors('POST', `/debts/${debtId}/payments`, { paymentId: `pix-${key()}`, amount: { amount: 90_000, currency: 'BRL' }, paidOn: '2026-03-02' })).status).toBe(200);
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body).toMatchObject({ status: 'stopped', stopReason: 'settled' }), 60_000, 200);
  });
});
