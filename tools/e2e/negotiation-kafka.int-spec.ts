import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { NEGOTIATION_INTEGRATION_EVENTS, NEGOTIATION_TOPIC } from '@collections/negotiation-contracts';
import { HttpDebtBalances, startNegotiationService, type NegotiationService } from '@collections/negotiation-service';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { ContractRegistry, KafkaPublisher, envelopeFromHeaders, envelopeToHeaders, kafkaConfigFromEnv, topicFor } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, eventually, httpCall, type TestDatabase } from '@collections/shared-testing';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { policyBody } from './negotiation-with-debtors';

interface TwoServices {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly negotiation: NegotiationService;
  close(): Promise<void>;
}

/**
 * Server mode: negotiation on its own PostgreSQL database publishes its integration events
 * through its outbox relay to a real Kafka broker (read back here by a consumer of the
 * topic, each payload checked against its v1 contract), and consumes payments' ChargeIssued
 * and PaymentReceived from `collections.payments.events.v1` (published here as payments
 * would: the contract's payload with the envelope in headers) in its own consumer group.
 * The debtors service, on another database, answers the balances.
 */
describe('negotiation in server mode: its events and payments events over a real Kafka broker', () => {
  let kit: TestService<TwoServices>;
  let debtorsDatabase: TestDatabase;
  let kafka: Kafka;
  let reader: Consumer;
  let publisher: KafkaPublisher;
  const seen: { type: string; payload: unknown }[] = [];
  const TENANT = `neg-kafka-${randomUUID().slice(0, 8)}`;
  const group = `negotiation-${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  const key = (): string => `neg-kafka-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    kafka = new Kafka({ ...kafkaConfigFromEnv('test-negotiation-kafka'), logLevel: logLevel.NOTHING });
    debtorsDatabase = await createTestDatabase('negotiation_kafka_debtors');
    let started: TestService<TwoServices> | undefined = undefined;
    started = await startServiceForTest<TwoServices>('negotiation_kafka', async (env) => {
      // debtors only answers balances here: its own database, its own log
      const debtors = await startDebtorsService({
        database: debtorsDatabase.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'embedded' },
        http: { host: '127.0.0.1', port: 0 },
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      const negotiation = await startNegotiationService({
        database: env.database.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: true, partitions: 3, consumerGroup: group },
        http: env.http,
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
        balances: new HttpDebtBalances({ baseUrl: debtors.httpUrl, token: (tenantId) => started!.token(tenantId, 'integrator') }),
        deadlines: false,
      });
      return {
        httpUrl: negotiation.httpUrl,
        debtors,
        negotiation,
        async close() {
          await negotiation.close();
          await debtors.close();
        },
      };
    }, { now: '2026-03-02T15:00:00.000Z' });
    kit = started;
    reader = kafka.consumer({ groupId: `negotiation-reader-${randomUUID().slice(0, 8)}` });
    await reader.connect();
    await reader.subscribe({ topic: NEGOTIATION_TOPIC, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const envelope = envelopeFromHeaders(message.headers);
        if (envelope.tenantId === TENANT) seen.push({ type: envelope.type, payload: JSON.parse(message.value!.toString()) });
      },
    });
    publisher = KafkaPublisher.create(kafka);
  });
  afterAll(async () => {
    await reader?.disconnect();
    await publisher?.close();
    await kit?.close();
    await debtorsDatabase?.drop();
  });

  it('publishes offer, agreement and charge-request events v1 to Kafka, and applies a charge and a payment read from the payments topic', async () => {
    const supervisor = await kit.token(TENANT, 'supervisor');
    const agent = await kit.token(TENANT, 'agent');
    const integrator = await kit.token(TENANT, 'integrator');
    expect((await kit.call('PUT', '/policy', { token: supervisor, idempotencyKey: key(), body: policyBody() })).status).toBe(200);
    const debtors = (method: string, url: string, body: unknown) => httpCall(kit.service.debtors.httpUrl, method, url, { token: integrator, idempotencyKey: key(), body });
    const debtor = await debtors('POST', '/debtors', { taxId: generateCpf(), name: 'Rui Barros', state: 'BA', contactPoints: [] });
    const debt = await debtors('POST', '/debts', { debtorId: debtor.body.debtorId, contractReference: 'NK-1', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' });
    const debtId: string = debt.body.debtId;
    const offer = await kit.call('POST', `/debts/${debtId}/offers`, { token: agent, idempotencyKey: key(), body: { kind: 'installments', count: 3, firstDueDate: '2026-03-10' } });
    const accepted = await kit.call('POST', `/offers/${offer.body.offerId}/accept`, { token: agent, idempotencyKey: key() });
    expect(accepted.status).toBe(201);
    const agreement = accepted.body;

    const registry = new ContractRegistry(NEGOTIATION_INTEGRATION_EVENTS);
    await eventually(
      async () => {
        const types = seen.map((s) => s.type);
        expect(types.filter((t) => t === 'InstallmentChargeRequested')).toHaveLength(3);
        expect(types).toEqual(expect.arrayContaining(['NegotiationPolicyPublished', 'OfferMade', 'OfferAccepted', 'AgreementEntered']));
      },
      60_000,
      200,
    );
    for (const { type, payload } of seen) expect(() => registry.validate(type, 1, payload)).not.toThrow();
    const charges = seen.filter((s) => s.type === 'InstallmentChargeRequested').map((s) => s.payload as { installment: number; amount: unknown; debtIds: string[] });
    expect(charges.map((c) => c.installment).sort()).toEqual([1, 2, 3]);
    expect(charges.find((c) => c.installment === 1)).toMatchObject({ agreementId: agreement.agreementId, debtIds: [debtId], amount: agreement.installments[0].amount });

    // payments' side of the protocol, as payments publishes it
    const publish = async (type: 'ChargeIssued' | 'PaymentReceived', payload: Record<string, unknown>) => {
      const streamId = `charge-${randomUUID()}`;
      const envelope = {
        eventId: randomUUID(),
        type,
        schemaVersion: 1,
        tenantId: TENANT,
        streamId,
        streamVersion: 1,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        occurredAt: '2026-03-02T15:00:05.000Z',
      };
      await publisher.publish([{ topic: topicFor('payments'), key: streamId, value: JSON.stringify(payload), headers: envelopeToHeaders(envelope) }]);
    };
    const chargeId = randomUUID();
    const first = agreement.installments[0];
    await publish('ChargeIssued', {
      chargeId,
      debtorId: debtor.body.debtorId,
      debtIds: [debtId],
      agreementId: agreement.agreementId,
      installment: 1,
      amount: first.amount,
      dueDate: first.dueDate,
      txid: 'KAFKA00000000000000000000001',
      pixCopyPaste: '00020101021226830014br.gov.bcb.pix2561pix.example.com/qr/v2/kafka6304ABCD',
      issuedAt: '2026-03-02T15:00:05.000Z',
    });
    await publish('PaymentReceived', { paymentId: `pix-kafka-${randomUUID()}`, chargeId, agreementId: agreement.agreementId, installment: 1, amount: first.amount, paidOn: '2026-03-02', method: 'pix', receivedAt: '2026-03-02T15:00:06.000Z' });
    await eventually(
      async () => {
        const seenAgreement = await kit.call('GET', `/agreements/${agreement.agreementId}`, { token: agent });
        expect(seenAgreement.body.installments[0]).toMatchObject({ paid: first.amount, charge: { chargeId, txid: 'KAFKA00000000000000000000001' } });
      },
      60_000,
      200,
    );
    await eventually(async () => expect(seen.map((s) => s.type)).toContain('InstallmentPaid'), 60_000, 200);
  });
});
