import type { PoolConfig } from 'pg';
import { ExpectedVersion } from '@collections/shared-event-store';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { startReportingService, type ReportingService } from '@collections/reporting-service';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';

export interface ReportingWithDebtors {
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  readonly debtors: DebtorsService;
  readonly reporting: ReportingService;
  close(): Promise<void>;
}

export interface Backend {
  readonly database?: PoolConfig;
  readonly singleConnection?: boolean;
}

/**
 * The debtors and reporting services on one test database (as `npm start` runs them): the
 * reporting service reads the shared log through the embedded transport. Calls go to
 * reporting; `debtorsCall(...)` to debtors; `publish(...)` appends another context's
 * domain events to the log, which the embedded transport turns into their published
 * integration events by that context's own contracts (as the relay does for Kafka).
 */
export async function startReportingWithDebtors(label: string, now = '2026-03-02T12:00:00.000Z', backend: Backend = {}) {
  const kit: TestService<ReportingWithDebtors> = await startServiceForTest<ReportingWithDebtors>(
    label,
    async (env) => {
      const database = backend.database ?? env.database.config;
      const single = backend.singleConnection ? { singleConnection: true } : {};
      const debtors = await startDebtorsService({
        ...single,
        database,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'embedded' },
        http: { host: '127.0.0.1', port: 0 },
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      const reporting = await startReportingService({
        ...single,
        database,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'embedded' },
        http: env.http,
        grpc: env.grpc,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      return {
        httpUrl: reporting.httpUrl,
        grpcUrl: reporting.grpcUrl,
        debtors,
        reporting,
        async close() {
          await reporting.close();
          await debtors.close();
        },
      };
    },
    { now },
  );
  let eventSequence = 0;
  return Object.assign(kit, {
    debtorsCall: (method: string, url: string, options: HttpCallOptions = {}) => httpCall(kit.service.debtors.httpUrl, method, url, options),
    async publish(tenantId: string, streamId: string, events: readonly { type: string; data: unknown }[]): Promise<void> {
      await kit.service.reporting.store.appendToStream(
        streamId,
        events.map((event) => ({ ...event, eventId: crypto.randomUUID(), metadata: { actor: `test-${++eventSequence}` } })),
        { tenantId, expectedVersion: ExpectedVersion.any },
      );
    },
  });
}
