import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { LEGAL_GRPC_PACKAGE, LEGAL_INTEGRATION_EVENTS, LEGAL_PROTO_PATH } from '@collections/legal-contracts';
import { LEGAL_CONTROLLERS, legalUseCaseProviders, legalUseCases, type LegalUseCases } from './legal.use-cases';
import type { LegalDeps } from './shared/legal-deps';
import { LegalWriter } from './shared/legal-writer';

export type LegalMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface LegalServiceOptions {
  /** The service's database: event store, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: LegalMessaging;
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

interface LegalComposition extends ServiceComposition {
  readonly useCases: LegalUseCases;
}

export interface LegalService {
  readonly running: RunningService<LegalComposition>;
  readonly useCases: LegalUseCases;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The legal service on the service kit: what is specific to legal is composed here. */
export async function startLegalService(options: LegalServiceOptions): Promise<LegalService> {
  const running = await bootstrapService(
    {
      name: 'legal',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      // its reads fold the streams; a read model comes with its SQL migrations here (the kit runs them)
      readModelMigrations: [],
      openApi: { title: 'Legal service', description: 'The legal context of the collections platform. Errors are application/problem+json. Every write takes an Idempotency-Key header.' },
      grpcPackage: { package: LEGAL_GRPC_PACKAGE, protoPath: LEGAL_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => composeLegal(infrastructure, options),
  );
  return {
    running,
    useCases: running.composition.useCases,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composeLegal(infrastructure: ServiceInfrastructure, options: LegalServiceOptions): Promise<LegalComposition> {
  const { store, idempotency, metrics, clock, ids, log } = infrastructure;
  const commands = new Counter({ name: 'collections_legal_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const deps: LegalDeps = { store, writer: new LegalWriter(store, ids, commands), idempotency: new CommandIdempotency(idempotency), clock };
  const useCases = legalUseCases(deps);

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: LEGAL_INTEGRATION_EVENTS,
          partitions: options.messaging.partitions ?? 6,
          relay: options.messaging.relay,
          relayId: 'legal',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    controllers: LEGAL_CONTROLLERS,
    providers: legalUseCaseProviders(useCases),
    async stop() {
      await publishing?.stop();
    },
  };
}
