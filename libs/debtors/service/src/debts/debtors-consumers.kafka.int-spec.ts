import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { openPostgresEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, eventually, type TestDatabase } from '@collections/shared-testing';
import {
  HEADER,
  KafkaPublisher,
  MessagingMetrics,
  dlqTopicFor,
  envelopeToHeaders,
  integrationEventId,
  kafkaConfigFromEnv,
  topicFor,
  type OutboundMessage,
} from '@collections/shared-messaging';
import { collectTopic } from '@collections/shared-messaging-testing';
import { AT, debtOf, registerDebt, registered } from '../testing/debt-reactions-fixtures';
import { reactionEventId } from './debt-reaction';
import { DEBTORS_CONSUMED_TOPICS, startDebtorsConsumers, type DebtorsConsumers } from './debtors-consumers';

const TENANT = 'banco-azul';
const OTHER_TENANT = 'banco-verde';

describe('debtors reacting to negotiation and payments events on a real Kafka broker', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let consumers: DebtorsConsumers;
  let dlq: Awaited<ReturnType<typeof collectTopic>>;
  const messagingMetrics = new MessagingMetrics();
  const logLines: string[] = [];
  // Topics of this run only (same contracts, other names): a dev broker keeps everything.
  const suffix = randomUUID().slice(0, 8);
  const negotiationTopic = topicFor(`negotiation-${suffix}`);
  const paymentsTopic = topicFor(`payments-${suffix}`);

  beforeAll(async () => {
    database = await createTestDatabase('debtors-reactions-kafka');
    store = await openPostgresEventStore({ ...database.config, max: 6 });
    kafka = new Kafka({ ...kafkaConfigFromEnv('test-debtors-reactions'), logLevel: logLevel.NOTHING });
    publisher = KafkaPublisher.create(kafka);
    consumers = await startDebtorsConsumers({
      mode: 'kafka',
      store,
      kafka,
      groupId: `debtors-${suffix}`,
      topics: [negotiationTopic, paymentsTopic],
      partitions: 3,
      messagingMetrics,
      maxAttempts: 2,
      retryBackoffMs: 20,
      log: (line) => logLines.push(line),
    });
    dlq = await collectTopic(kafka, dlqTopicFor(negotiationTopic));
  });
  afterAll(async () => {
    await dlq?.stop();
    await consumers?.stop();
    await publisher?.close();
    await store?.close();
    await database?.drop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [negotiationTopic, paymentsTopic].flatMap((t) => [t, dlqTopicFor(t)]) }).catch(() => undefined);
    await admin.disconnect();
  });

  /** A message as the negotiation or payments relay would publish it: real envelope headers, keyed by stream. */
  function published(topic: string, streamId: string, streamVersion: number, type: string, payload: unknown, tenantId = TENANT): OutboundMessage & { eventId: string } {
    const domainEventId = randomUUID();
    const eventId = integrationEventId(domainEventId, type, 1);
    const headers = envelopeToHeaders({
      eventId,
      type,
      schemaVersion: 1,
      tenantId,
      streamId,
      streamVersion,
      correlationId: `corr-${domainEventId}`,
      causationId: domainEventId,
      occurredAt: new Date().toISOString(),
    });
    return { topic, key: streamId, value: typeof payload === 'string' ? payload : JSON.stringify(payload), headers, eventId };
  }

  const duplicates = async (topic: string) =>
    (await messagingMetrics.handled.get()).values.find((v) => v.labels['topic'] === topic && v.labels['outcome'] === 'duplicate')?.value ?? 0;

  it('consumes the real negotiation and payments topics by default', () => {
    expect(DEBTORS_CONSUMED_TOPICS).toEqual(['collections.negotiation.events.v1', 'collections.payments.events.v1']);
  });

  it('puts debts into an agreement, records a payment, takes them out; a redelivery has no second effect; a malformed event goes to the DLQ, events debtors does not react to are skipped, and the next one flows', async () => {
    const [first, second] = [await registerDebt(store, TENANT), await registerDebt(store, TENANT)];
    const agreementId = randomUUID();
    const agreementStream = `agreement-${agreementId}`;
    const scope = { agreementId, debtorId: randomUUID(), debtIds: [first, second] };

    await publisher.publish([published(negotiationTopic, agreementStream, 1, 'AgreementEntered', { ...scope, enteredAt: AT.entered })]);
    await eventually(async () => {
      expect(registered((await debtOf(store, TENANT, first)).state)).toMatchObject({ status: 'in_agreement', agreementId });
      expect(registered((await debtOf(store, TENANT, second)).state)).toMatchObject({ status: 'in_agreement', agreementId });
    }, 60_000);

    const paymentId = `pix-${randomUUID()}`;
    const payment = published(paymentsTopic, `payment-${paymentId}`, 1, 'PaymentAllocated', {
      paymentId,
      debtId: first,
      amount: { amount: 30_000, currency: 'BRL' },
      paidOn: AT.paidOn,
      allocatedAt: AT.allocated,
    });
    await publisher.publish([payment]);
    const afterPayment = await eventually(async () => {
      const debt = await debtOf(store, TENANT, first);
      expect(registered(debt.state).ledger.payments).toEqual([{ paymentId, amount: { amount: 30_000, currency: 'BRL' }, paidOn: AT.paidOn }]);
      return debt;
    }, 60_000);
    const recorded = afterPayment.events.find((e) => e.type === 'PaymentRecorded')!;
    expect(recorded.eventId).toBe(reactionEventId(payment.eventId, first, 0));
    expect(recorded.metadata).toMatchObject({ actor: 'system:payments', causationId: payment.eventId, correlationId: payment.headers[HEADER.correlationId] });
    expect(registered(afterPayment.state).status).toBe('in_agreement');

    // The same message again, as after a crash before the offset commit.
    await publisher.publish([payment]);
    await eventually(async () => expect(await duplicates(paymentsTopic)).toBeGreaterThanOrEqual(1), 60_000);
    expect((await debtOf(store, TENANT, first)).version).toBe(afterPayment.version);

    // A reason the contract does not know, then a well-formed end on the same key.
    const malformed = published(negotiationTopic, agreementStream, 2, 'AgreementEnded', { ...scope, endedAt: AT.ended, reason: 'expired' });
    const ended = published(negotiationTopic, agreementStream, 4, 'AgreementEnded', { ...scope, endedAt: AT.ended, reason: 'broken', unpaidInstallment: 2 });
    // Events of the topic debtors does not react to: skipped, not dead-lettered.
    const other = published(negotiationTopic, agreementStream, 3, 'AgreementInstallmentPaid', { agreementId, installment: 1 });
    const v2 = { ...published(negotiationTopic, agreementStream, 3, 'AgreementEntered', { whatever: 'v2 shape' }) };
    v2.headers = { ...v2.headers, [HEADER.schemaVersion]: '2' };
    await publisher.publish([malformed, other, v2, ended]);
    await eventually(async () => {
      for (const debtId of [first, second]) {
        const debt = registered((await debtOf(store, TENANT, debtId)).state);
        expect(debt.agreementId).toBeNull();
        expect(debt.endedAgreementIds).toEqual([agreementId]);
        expect(debt.status).not.toBe('in_agreement');
      }
    }, 60_000);
    const left = (await debtOf(store, TENANT, second)).events.find((e) => e.type === 'DebtLeftAgreement')!;
    expect(left.data).toMatchObject({ agreementId, reason: 'broken: installment 2 unpaid past tolerance', leftAt: AT.ended });
    await eventually(() => expect(dlq.messages.filter((m) => m.key === agreementStream)).toHaveLength(1), 30_000);
    const [dead] = dlq.messages.filter((m) => m.key === agreementStream);
    expect(dead!.headers).toMatchObject({ 'dlq-error-type': 'PoisonMessageError', [HEADER.eventId]: malformed.eventId });
    expect(dead!.headers['dlq-error']).toMatch(/reason/);
    const ignored = (await messagingMetrics.handled.get()).values.find((v) => v.labels['topic'] === negotiationTopic && v.labels['outcome'] === 'ignored');
    expect(ignored?.value).toBe(2);
  });

  it('keeps a payment for an unknown debt or for another tenant’s debt aside, unapplied, and goes on with the next', async () => {
    const mine = await registerDebt(store, TENANT);
    const theirs = await registerDebt(store, OTHER_TENANT);
    const theirsBefore = await debtOf(store, OTHER_TENANT, theirs);
    const payment = (debtId: string) => {
      const paymentId = `boleto-${randomUUID()}`;
      return published(paymentsTopic, `payment-${paymentId}`, 1, 'PaymentAllocated', { paymentId, debtId, amount: { amount: 1_000, currency: 'BRL' }, paidOn: AT.paidOn, allocatedAt: AT.allocated });
    };
    const unknown = payment(randomUUID());
    const crossTenant = payment(theirs); // published by TENANT's payments, for OTHER_TENANT's debt
    const fine = payment(mine);
    await publisher.publish([unknown, crossTenant, fine]);

    await eventually(async () => expect(registered((await debtOf(store, TENANT, mine)).state).ledger.payments).toHaveLength(1), 60_000);
    await eventually(async () => {
      const rows = await store.driver.query<{ event_id: string; refusal_code: string; tenant_id: string }>(
        'SELECT event_id, refusal_code, tenant_id FROM debtors_unapplied_events WHERE event_id = ANY($1) ORDER BY event_id',
        [[unknown.eventId, crossTenant.eventId]],
      );
      expect(rows).toEqual(
        [unknown, crossTenant].map((m) => ({ event_id: m.eventId, refusal_code: 'DEBT_NOT_REGISTERED', tenant_id: TENANT })).sort((a, b) => a.event_id.localeCompare(b.event_id)),
      );
    }, 60_000);
    expect((await debtOf(store, OTHER_TENANT, theirs)).version).toBe(theirsBefore.version);
    expect((await debtOf(store, TENANT, theirs)).version).toBe(0);
    expect(await consumers.monitor.count('PaymentAllocated', 'unapplied')).toBeGreaterThanOrEqual(2);
    expect(logLines.some((line) => line.includes(unknown.eventId) && line.includes('DEBT_NOT_REGISTERED'))).toBe(true);
    // handled, not dead-lettered (their rows above committed with their inbox rows)
    const deadLettered = (await messagingMetrics.handled.get()).values.find((v) => v.labels['topic'] === paymentsTopic && v.labels['outcome'] === 'dead_lettered');
    expect(deadLettered?.value ?? 0).toBe(0);
  });
});
