import { Kafka, logLevel } from 'kafkajs';
import { uuidV7Ids } from '@collections/shared-kernel';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService, type DebtorsServiceOptions } from '../debtors.service';

export interface DebtorsTestKit extends TestService<DebtorsService> {
  readonly kafka: Kafka;
}

/** The debtors service on its own PostgreSQL database, a test clock, a dev signing key and the real Kafka broker. */
export async function startDebtorsTestKit(label: string, overrides: Partial<DebtorsServiceOptions> = {}): Promise<DebtorsTestKit> {
  const kafka = new Kafka({ ...kafkaConfigFromEnv(`debtors-${label}`), logLevel: logLevel.NOTHING });
  const service = await startServiceForTest(label, (environment) =>
    startDebtorsService({
      database: environment.database.config,
      verifier: environment.verifier,
      masterKey: environment.masterKey,
      messaging: { kind: 'kafka', kafka, relay: true, partitions: 3 },
      http: environment.http,
      grpc: environment.grpc,
      clock: environment.clock,
      ids: uuidV7Ids,
      schedulerIntervalMs: 0,
      projectionPollMs: 20,
      logLevel: 'silent',
      log: () => undefined,
      ...overrides,
    }),
  );
  return Object.assign(service, { kafka });
}

let sequence = 0;
/** A fresh idempotency key. */
export const key = (): string => `test-key-${process.pid}-${Date.now()}-${++sequence}`;
