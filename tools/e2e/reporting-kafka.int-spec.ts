import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { Kafka, logLevel } from 'kafkajs';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { startReportingService, type ReportingService } from '@collections/reporting-service';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { createTestDatabase, eventually, httpCall, type TestDatabase } from '@collections/shared-testing';
import { topicToDuckDb } from '../bi/topic-to-duckdb';

interface TwoServices {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly reporting: ReportingService;
  close(): Promise<void>;
}

/**
 * Server mode: debtors and reporting each on its own PostgreSQL database; the debtors'
 * events carried by its outbox relay to a real Kafka broker and read by the reporting
 * consumer group, whose KPIs then count them (once, though Kafka may deliver twice).
 */
describe('reporting in server mode: the debtors events over a real Kafka broker, each service its own database', () => {
  let kit: TestService<TwoServices>;
  let debtorsDatabase: TestDatabase;
  const group = `reporting-${randomUUID().slice(0, 8)}`;
  const TENANT = `kafka-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    debtorsDatabase = await createTestDatabase('reporting_kafka_debtors');
    kit = await startServiceForTest<TwoServices>('reporting_kafka', async (env) => {
      const kafka = new Kafka({ ...kafkaConfigFromEnv('test-reporting-kafka'), logLevel: logLevel.NOTHING });
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
      const reporting = await startReportingService({
        database: env.database.config,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'kafka', kafka, relay: false, partitions: 3, consumerGroup: group },
        http: env.http,
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      return {
        httpUrl: reporting.httpUrl,
        debtors,
        reporting,
        async close() {
          await reporting.close();
          await debtors.close();
        },
      };
    });
  });
  afterAll(async () => {
    await kit?.close();
    await debtorsDatabase?.drop();
  });

  it('counts a debt placed and paid through the debtors service, read from Kafka', async () => {
    const integrator = await kit.token(TENANT, 'integrator');
    const debtors = (method: string, url: string, body: unknown) =>
      httpCall(kit.service.debtors.httpUrl, method, url, { token: integrator, idempotencyKey: `reporting-kafka-${randomUUID()}`, body });
    const debtor = await debtors('POST', '/debtors', { taxId: generateCpf(), name: 'Rui Costa', state: 'RJ', timeZone: 'America/Sao_Paulo', contactPoints: [] });
    expect(debtor.status).toBe(201);
    const debt = await debtors('POST', '/debts', { debtorId: debtor.body.debtorId, contractReference: 'KAFKA-1', originalAmount: { amount: 70_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' });
    expect(debt.status).toBe(201);
    expect((await debtors('POST', `/debts/${debt.body.debtId}/payments`, { paymentId: 'ted-kafka-1', amount: { amount: 25_000, currency: 'BRL' }, paidOn: '2026-03-02' })).status).toBe(200);

    const supervisor = await kit.token(TENANT, 'supervisor');
    const portfolio = await eventually(async () => {
      const answer = await kit.call('GET', '/reporting/portfolio?from=2026-01-01&to=2026-03-02', { token: supervisor });
      expect(answer.body.recovered).toEqual({ count: 1, amount: 25_000 });
      return answer.body;
    }, 60_000, 250);
    expect(portfolio).toMatchObject({ placed: { count: 1, amount: 70_000 }, open: { count: 1, amount: 45_000 } });
    const timeline = await kit.call('GET', `/reporting/debts/${debt.body.debtId}/timeline`, { token: supervisor });
    expect(timeline.body.events.filter((e: { type: string }) => e.type === 'DebtRegistered')).toHaveLength(1);
  });

  it('reads the debtors topic into DuckDB with the BI recipe (tools/bi)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bi-recipe-'));
    const file = path.join(dir, 'debtors.duckdb');
    try {
      const kafka = new Kafka({ ...kafkaConfigFromEnv('test-bi-recipe'), logLevel: logLevel.NOTHING });
      const written = await topicToDuckDb({ kafka, topic: 'collections.debtors.events.v1', file });
      expect(written).toBeGreaterThan(0);
      const instance = await DuckDBInstance.create(file);
      const connection = await instance.connect();
      try {
        const rows = await connection.runAndReadAll(
          `SELECT type, count(*)::INTEGER AS n, max(json_extract_string(payload, '$.originalAmount.amount'))::INTEGER AS amount FROM events WHERE tenant_id = '${TENANT}' AND type = 'DebtRegistered' GROUP BY type`,
        );
        expect(rows.getRowObjectsJS()).toEqual([{ type: 'DebtRegistered', n: 1, amount: 70_000 }]);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
