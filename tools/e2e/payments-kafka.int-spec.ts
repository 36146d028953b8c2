import { createHmac, randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { HttpDebtorsLedger, startPaymentsService, type PaymentsService } from '@collections/payments-service';
import { PAYMENTS_INTEGRATION_EVENTS } from '@collections/payments-contracts';
import { nameBasedUuid } from '@collections/shared-kernel';
import { ContractRegistry, KafkaPublisher, envelopeFromHeaders, envelopeToHeaders, kafkaConfigFromEnv } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, eventually, httpCall, type TestDatabase } from '@collections/shared-testing';

interface TwoServices {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly payments: PaymentsService;
  close(): Promise<void>;
}

/**
 * Server mode: payments on its own PostgreSQL database, its integration events carried by
 * its outbox relay to a real Kafka broker (read back here by a consumer of our own), and
 * negotiation's InstallmentChargeRequested arriving over Kafka (published here with the
 * platform's envelope) to the payments consumer group. Debtors runs on a database of its
 * own and answers the balances over HTTP.
 */
describe('payments in server mode: its events over a real Kafka broker, negotiation events consumed from it', () => {
  let kit: TestService<TwoServices>;
  let debtorsDatabase: TestDatabase;
  let kafka: Kafka;
  let reader: Consumer;
  const seen: { type: string; tenantId: string; payload: unknown }[] = [];
  const group = `payments-${randomUUID().slice(0, 8)}`;
  const TENANT = `kafka-${randomUUID().slice(0, 8)}`;
  const SECRET = 'whsec-kafka-tenant-0123456789abcdef0123456789';
  let sequence = 0;
  const key = (): string => `payments-kafka-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    kafka = new Kafka({ ...kafkaConfigFromEnv('test-payments-kafka'), logLevel: logLevel.NOTHING });
    debtorsDatabase = await createTestDatabase('payments_kafka_debtors');
    let started: TestService<TwoServices> | undefined = undefined;
    started = await startServiceForTest<TwoServices>('payments_kafka', async (env) => {
      const debtors = await startDebtorsService({ database: debtorsDatabase.config, verifier: env.verifier, masterKey: env.masterKey, messaging: { kind: 'embedded' }, http: { host: '127.0.0.1', port: 0 }, grpc: false, clock: env.clock, logLevel: 'silent', log: () => undefined });
      const payments = await startPaymentsService({
        database: env.database.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: true, partitions: 3, consumerGroup: group },
        http: env.http,
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
        ledger: new HttpDebtorsLedger({ baseUrl: debtors.httpUrl, token: (tenantId) => started!.token(tenantId, 'integrator') }),
        expiry: false,
      });
      return {
        httpUrl: payments.httpUrl,
        debtors,
        payments,
        async close() {
          await payments.close();
          await debtors.close();
        },
      };
    });
    kit = started;
    reader = kafka.consumer({ groupId: `reader-${randomUUID().slice(0, 8)}` });
    await reader.connect();
    await reader.subscribe({ topic: 'collections.payments.events.v1', fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const envelope = envelopeFromHeaders(message.headers);
        if (envelope.tenantId === TENANT) seen.push({ type: envelope.type, tenantId: envelope.tenantId, payload: JSON.parse(message.value!.toString()) });
      },
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await kit?.close();
    await debtorsDatabase?.drop();
  });

  it('publishes ChargeIssued, PaymentReceived and PaymentAllocated v1 on collections.payments.events.v1, each payload valid against its contract', async () => {
    const token = await kit.token(TENANT, 'integrator', 'supervisor');
    expect((await kit.call('PUT', '/settings', { token, body: { pix: { key: 'pix@kafka.example', merchantName: 'Kafka', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.kafka.example/qr' }, boleto: null, webhookSecret: SECRET } })).status).toBe(200);
    const debtor = await httpCall(kit.service.debtors.httpUrl, 'POST', '/debtors', { token, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Rui Alves', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const debt = await httpCall(kit.service.debtors.httpUrl, 'POST', '/debts', { token, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, contractReference: 'K-1', originalAmount: { amount: 20_000, currency: 'BRL' }, dueDate: '2026-03-20', lateFeeRate: '0.02' } });
    const charge = await kit.call('POST', '/charges', { token, idempotencyKey: key(), body: { debtIds: [debt.body.debtId], dueDate: '2026-03-20' } });
    expect(charge.status).toBe(201);
    const rawBody = JSON.stringify({ pix: [{ endToEndId: 'E00000000202603021200KAFKA000001', txid: charge.body.txid, valor: '200.00', horario: '2026-03-02T11:00:00Z' }] });
    const notified = await kit.call('POST', `/webhooks/pix/${TENANT}`, { rawBody, headers: { 'x-webhook-signature': createHmac('sha256', SECRET).update(rawBody).digest('hex') } });
    expect(notified.body.results[0].status).toBe('allocated');

    await eventually(() => expect(seen.map((s) => s.type)).toEqual(expect.arrayContaining(['ChargeIssued', 'PaymentReceived', 'PaymentAllocated'])), 30_000);
    const registry = new ContractRegistry(PAYMENTS_INTEGRATION_EVENTS);
    for (const message of seen) expect(registry.validate(message.type, 1, message.payload)).toEqual(message.payload);
    expect(seen.find((s) => s.type === 'PaymentAllocated')?.payload).toMatchObject({ paymentId: 'pix-E00000000202603021200KAFKA000001', debtId: debt.body.debtId, amount: { amount: 20_000, currency: 'BRL' }, paidOn: '2026-03-02' });
    expect(seen.find((s) => s.type === 'ChargeIssued')?.payload).toMatchObject({ chargeId: charge.body.chargeId, txid: charge.body.txid, pixCopyPaste: charge.body.pixCopyPaste });
  });

  it("issues an installment's charge when negotiation's InstallmentChargeRequested v1 arrives over Kafka", async () => {
    const token = await kit.token(TENANT, 'integrator');
    const agreementId = randomUUID();
    const publisher = KafkaPublisher.create(kafka);
    try {
      const payload = { agreementId, debtorId: randomUUID(), debtIds: [randomUUID(), randomUUID()], installment: 3, dueDate: '2026-05-10', amount: { amount: 12_345, currency: 'BRL' }, requestedAt: '2026-03-02T12:00:00.000Z' };
      const eventId = randomUUID();
      await publisher.publish([
        {
          topic: 'collections.negotiation.events.v1',
          key: `agreement-${agreementId}`,
          value: JSON.stringify(payload),
          headers: envelopeToHeaders({ eventId, type: 'InstallmentChargeRequested', schemaVersion: 1, tenantId: TENANT, streamId: `agreement-${agreementId}`, streamVersion: 3, correlationId: eventId, causationId: eventId, occurredAt: '2026-03-02T12:00:00.000Z' }),
        },
      ]);
    } finally {
      await publisher.close();
    }
    const chargeId = nameBasedUuid('payments.installment-charge', TENANT, agreementId, '3');
    await eventually(async () => expect((await kit.call('GET', `/charges/${chargeId}`, { token })).body).toMatchObject({ status: 'open', agreementId, installment: 3, amount: { amount: 12_345 } }), 30_000);
  });
});
