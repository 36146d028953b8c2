import { randomUUID } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import { priorNoticeRequestedV1 } from '@collections/legal-contracts';
import { HttpBureauGateway, HttpDebtDirectory, startFakeBureaus, startLegalService, type BureauGateway, type LegalService } from '@collections/legal-service';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { envelopeFromHeaders, envelopeToHeaders, kafkaConfigFromEnv, KafkaPublisher } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, eventually, httpCall, type TestDatabase } from '@collections/shared-testing';

interface TwoServices {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly legal: LegalService;
  close(): Promise<void>;
}

/**
 * Server mode: debtors and legal each on its own PostgreSQL database; the debtors' events
 * reach the legal consumer group through a real Kafka broker; legal's relay publishes
 * PriorNoticeRequested v1 on collections.legal.events.v1 (read here by a plain consumer, as
 * the contacts context will), and the contacts context's PriorNoticeSent v1 comes back on
 * collections.contacts.events.v1 (published here with the platform's envelope).
 */
describe('legal in server mode: debtors and contacts events over a real Kafka broker, each service its own database', () => {
  let kit: TestService<TwoServices>;
  let debtorsDatabase: TestDatabase;
  let fakes: Awaited<ReturnType<typeof startFakeBureaus>>;
  let kafka: Kafka;
  let reader: Consumer;
  const requested: { headers: ReturnType<typeof envelopeFromHeaders>; payload: unknown }[] = [];
  const group = `legal-${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  const key = (): string => `legal-kafka-${process.pid}-${++sequence}`;
  const TENANT = `kafka-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    fakes = await startFakeBureaus();
    debtorsDatabase = await createTestDatabase('legal_kafka_debtors');
    kafka = new Kafka({ ...kafkaConfigFromEnv('test-legal-kafka'), logLevel: logLevel.NOTHING });
    let started: TestService<TwoServices> | undefined = undefined;
    started = await startServiceForTest<TwoServices>('legal_kafka', async (env) => {
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
      const bureaus: Partial<Record<Bureau, BureauGateway>> = {};
      for (const bureau of BUREAUS) bureaus[bureau] = new HttpBureauGateway(bureau, { baseUrl: fakes[bureau].url, timeoutMs: 500 });
      const legal = await startLegalService({
        database: env.database.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: true, partitions: 3, consumerGroup: group },
        http: env.http,
        grpc: env.grpc,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
        directory: new HttpDebtDirectory({ baseUrl: debtors.httpUrl, token: (tenantId, role) => started!.token(tenantId, role) }),
        bureaus,
        scheduler: false,
      });
      return {
        httpUrl: legal.httpUrl,
        debtors,
        legal,
        async close() {
          await legal.close();
          await debtors.close();
        },
      };
    });
    kit = started;
    reader = kafka.consumer({ groupId: `reader-${randomUUID().slice(0, 8)}` });
    await reader.connect();
    await reader.subscribe({ topic: 'collections.legal.events.v1', fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = envelopeFromHeaders(message.headers);
        if (headers.type === 'PriorNoticeRequested' && headers.tenantId === TENANT) requested.push({ headers, payload: JSON.parse(message.value?.toString() ?? 'null') });
      },
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await kit?.close();
    await debtorsDatabase?.drop();
    await Promise.all(BUREAUS.map((b) => fakes?.[b].close()));
  });

  it('an overdue debt over Kafka -> PriorNoticeRequested v1 on the legal topic -> PriorNoticeSent v1 back on the contacts topic -> listed after the period', async () => {
    const admin = await kit.token(TENANT, 'admin');
    const integrator = await kit.token(TENANT, 'integrator');
    expect((await kit.call('PUT', '/escalation-policy', { token: admin, idempotencyKey: key(), body: {} })).status).toBe(200);
    const debtors = (method: string, url: string, body: unknown) => httpCall(kit.service.debtors.httpUrl, method, url, { token: integrator, idempotencyKey: key(), body });
    const debtor = await debtors('POST', '/debtors', { taxId: generateCpf(), name: 'Lia Rocha', state: 'PE', contactPoints: [] });
    const debt = await debtors('POST', '/debts', { debtorId: debtor.body.debtorId, contractReference: 'K-1', originalAmount: { amount: 20_000, currency: 'BRL' }, dueDate: '2026-01-01', lateFeeRate: '0.02' });
    const debtId: string = debt.body.debtId;
    // relay -> collections.debtors.events.v1 -> the legal consumer group
    await eventually(async () => expect((await kit.call('GET', `/escalations/${debtId}`, { token: admin })).body.debt?.overdueSince).toBe('2026-01-01'), 60_000, 200);

    await kit.service.legal.scheduler.runDue();
    const message = await eventually(async () => {
      const found = requested.find((r) => (r.payload as { debtId?: string }).debtId === debtId);
      expect(found).toBeDefined();
      return found!;
    }, 60_000, 200);
    const payload = priorNoticeRequestedV1.parse(message.payload);
    expect(payload).toMatchObject({ debtId, debtorId: debtor.body.debtorId, dueDate: '2026-01-01', listingNotBefore: '2026-03-13', amount: { currency: 'BRL' } });

    // the contacts context's answer, on its topic, with the platform's envelope
    const publisher = KafkaPublisher.create(kafka);
    const sent = { noticeId: payload.noticeId, debtId, sentAt: '2026-03-02T15:00:00.000Z', deliveries: [{ channel: 'letter', messageId: 'l-1', contactPointId: 'cp-1' }] };
    await publisher.publish([
      {
        topic: 'collections.contacts.events.v1',
        key: `noticedelivery-${payload.noticeId}`,
        value: JSON.stringify(sent),
        headers: envelopeToHeaders({
          eventId: randomUUID(),
          type: 'PriorNoticeSent',
          schemaVersion: 1,
          tenantId: TENANT,
          streamId: `noticedelivery-${payload.noticeId}`,
          streamVersion: 1,
          correlationId: message.headers.correlationId,
          causationId: message.headers.eventId,
          occurredAt: '2026-03-02T15:00:01.000Z',
        }),
      },
    ]);
    await publisher.close();
    await eventually(async () => expect((await kit.call('GET', `/escalations/${debtId}`, { token: admin })).body.notice).toMatchObject({ status: 'sent', listingNotBefore: '2026-03-13' }), 60_000, 200);

    kit.clock.set('2026-03-13T12:00:00.000Z');
    await kit.service.legal.scheduler.runDue();
    const listed = (await kit.call('GET', `/escalations/${debtId}`, { token: admin })).body;
    expect(listed.bureaus.map((b: { status: string }) => b.status)).toEqual(['listed', 'listed', 'listed']);
  });

  it("the contacts context's hold over Kafka (CadencePaused v1) stops the notice with the rule; its release (CadenceResumed v1) lets it be requested", async () => {
    kit.clock.set('2026-03-02T12:00:00.000Z');
    const admin = await kit.token(TENANT, 'admin');
    const integrator = await kit.token(TENANT, 'integrator');
    const debtors = (method: string, url: string, body: unknown) => httpCall(kit.service.debtors.httpUrl, method, url, { token: integrator, idempotencyKey: key(), body });
    const debtor = await debtors('POST', '/debtors', { taxId: generateCpf(), name: 'Caio Nunes', state: 'PE', contactPoints: [] });
    const debt = await debtors('POST', '/debts', { debtorId: debtor.body.debtorId, contractReference: 'K-2', originalAmount: { amount: 30_000, currency: 'BRL' }, dueDate: '2026-01-01', lateFeeRate: '0.02' });
    const debtId: string = debt.body.debtId;
    const escalation = async () => (await kit.call('GET', `/escalations/${debtId}`, { token: admin })).body;
    await eventually(async () => expect((await escalation()).debt?.overdueSince).toBe('2026-01-01'), 60_000, 200);

    const publisher = KafkaPublisher.create(kafka);
    let version = 0;
    const contacts = (type: string, payload: object) =>
      publisher.publish([
        {
          topic: 'collections.contacts.events.v1',
          key: `dunning-${debtId}`,
          value: JSON.stringify(payload),
          headers: envelopeToHeaders({ eventId: randomUUID(), type, schemaVersion: 1, tenantId: TENANT, streamId: `dunning-${debtId}`, streamVersion: ++version, correlationId: randomUUID(), causationId: randomUUID(), occurredAt: '2026-03-02T12:00:00.000Z' }),
        },
      ]);
    await contacts('CadencePaused', { debtId, holdId: 'bankruptcy', kind: 'bankruptcy', pausedAt: '2026-03-02T11:00:00.000Z' });
    await eventually(async () => expect((await escalation()).debt.holds).toEqual([{ holdId: 'bankruptcy', kind: 'bankruptcy' }]), 60_000, 200);
    await kit.service.legal.scheduler.runDue();
    const held = await escalation();
    expect(held.notice.status).toBe('none');
    expect(held.timeline.at(-1)).toMatchObject({ type: 'EscalationStepRefused', data: { step: 'notice', rule: 'LEGAL_DEBT_ON_HOLD' } });

    await contacts('CadenceResumed', { debtId, holdId: 'bankruptcy', resumedAt: '2026-03-02T13:00:00.000Z' });
    await eventually(async () => expect((await escalation()).debt.holds).toEqual([]), 60_000, 200);
    await publisher.close();
    await kit.service.legal.scheduler.runDue();
    expect((await escalation()).notice.status).toBe('requested');
  });
});

