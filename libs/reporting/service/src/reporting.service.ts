import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { migrateInbox, startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { REPORTING_GRPC_PACKAGE, REPORTING_INTEGRATION_EVENTS, REPORTING_PROTO_PATH } from '@collections/reporting-contracts';
import { REPORTING_CONTROLLERS, reportingUseCaseProviders, reportingUseCases, type ReportingUseCases } from './reporting.use-cases';
import { startReportingConsumers } from './consumers/reporting-consumers';
import { REPORTING_READ_MODEL_MIGRATIONS } from './read-model/reporting.migrations';
import type { ReportingDeps } from './shared/reporting-deps';

export type ReportingMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface ReportingServiceOptions {
  /** The service's database: event store, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: ReportingMessaging;
  readonly http?: ListenAddress;
  /** `false`: no gRPC server. */
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logLevel?: string;
  /** Where the relay reports trouble (default: stderr). */
  readonly log?: (line: string) => void;
  /** Embedded mode: a pool of one connection (see ServiceKitOptions.poolSize). */
  readonly singleConnection?: boolean;
}

interface ReportingComposition extends ServiceComposition {
  readonly useCases: ReportingUseCases;
  readonly deps: ReportingDeps;
}

export interface ReportingService {
  readonly running: RunningService<ReportingComposition>;
  readonly useCases: ReportingUseCases;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  /** How many integration events the read models have received (all tenants): the demo waits on it. */
  eventsReceived(): Promise<number>;
  close(): Promise<void>;
}

/** The reporting service on the service kit: what is specific to reporting is composed here. */
export async function startReportingService(options: ReportingServiceOptions): Promise<ReportingService> {
  const running = await bootstrapService(
    {
      name: 'reporting',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      readModelMigrations: REPORTING_READ_MODEL_MIGRATIONS,
      openApi: {
        title: 'Reporting service',
        description:
          "KPIs of the collections platform per tenant, from every context's integration events (read models only). Periods are business dates, both ends included. " +
          'Recovery attribution: a payment goes to the channel of the last contact sent on the same debt within 30 days before the payment date. Amounts in centavos. Errors are application/problem+json.',
      },
      grpcPackage: { package: REPORTING_GRPC_PACKAGE, protoPath: REPORTING_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => composeReporting(infrastructure, options),
  );
  return {
    running,
    useCases: running.composition.useCases,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    eventsReceived: async () => Number((await running.composition.deps.driver.query<{ n: string }>('SELECT count(*) AS n FROM rep_events'))[0]?.n ?? 0),
    close: () => running.close(),
  };
}

async function composeReporting(infrastructure: ServiceInfrastructure, options: ReportingServiceOptions): Promise<ReportingComposition> {
  const { store, driver, clock, log } = infrastructure;
  await migrateInbox(driver);
  const deps: ReportingDeps = { store, driver, clock, verifier: options.verifier };
  const useCases = reportingUseCases(deps);

  // Every reported context's events: over Kafka in server mode, the shared log when embedded.
  const consumers = await startReportingConsumers(
    { store, log },
    options.messaging.kind === 'kafka'
      ? {
          mode: 'kafka',
          kafka: options.messaging.kafka,
          ...(options.messaging.partitions ? { partitions: options.messaging.partitions } : {}),
          ...(options.messaging.consumerGroup ? { groupId: options.messaging.consumerGroup } : {}),
        }
      : { mode: 'embedded' },
  );

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: REPORTING_INTEGRATION_EVENTS,
          partitions: options.messaging.partitions ?? 6,
          relay: options.messaging.relay,
          relayId: 'reporting',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    deps,
    controllers: REPORTING_CONTROLLERS,
    providers: reportingUseCaseProviders(useCases, deps),
    async stop() {
      await consumers.stop();
      await publishing?.stop();
    },
  };
}
