import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { migrateInbox, startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { NEGOTIATION_GRPC_PACKAGE, NEGOTIATION_INTEGRATION_EVENTS, NEGOTIATION_PROTO_PATH } from '@collections/negotiation-contracts';
import { NEGOTIATION_CONTROLLERS, negotiationUseCaseProviders, negotiationUseCases, type NegotiationUseCases } from './negotiation.use-cases';
import type { NegotiationDeps } from './shared/negotiation-deps';
import { NegotiationWriter } from './shared/negotiation-writer';
import { NEGOTIATION_MIGRATIONS } from './shared/negotiation.migrations';
import type { DebtBalances } from './ports/debt-balances';
import { NegotiationDeadlines } from './deadlines/negotiation-deadlines';
import { startNegotiationConsumers } from './payments/negotiation-consumers';

export type NegotiationMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface NegotiationServiceOptions {
  /** The service's database: event store, idempotency, deadlines, charges. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: NegotiationMessaging;
  /** Where a debt's balance as of a date is read (the debtors service's API). */
  readonly balances: DebtBalances;
  readonly http?: ListenAddress;
  /** `false`: no gRPC server. */
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logLevel?: string;
  readonly log?: (line: string) => void;
  /** Embedded mode: a pool of one connection (see ServiceKitOptions.poolSize). */
  readonly singleConnection?: boolean;
  /** The deadlines' poll; `false`: not started (a test drives `deadlines.runDue()`). */
  readonly deadlines?: { readonly pollMs?: number } | false;
}

interface NegotiationComposition extends ServiceComposition {
  readonly useCases: NegotiationUseCases;
  readonly deadlines: NegotiationDeadlines;
}

export interface NegotiationService {
  readonly running: RunningService<NegotiationComposition>;
  readonly useCases: NegotiationUseCases;
  readonly deadlines: NegotiationDeadlines;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The negotiation service on the service kit: what is specific to negotiation is composed here. */
export async function startNegotiationService(options: NegotiationServiceOptions): Promise<NegotiationService> {
  const running = await bootstrapService(
    {
      name: 'negotiation',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      readModelMigrations: NEGOTIATION_MIGRATIONS,
      openApi: {
        title: 'Negotiation service',
        description: 'The negotiation context of the collections platform: policy, offers, agreements. Errors are application/problem+json. Every write takes an Idempotency-Key header.',
      },
      grpcPackage: { package: NEGOTIATION_GRPC_PACKAGE, protoPath: NEGOTIATION_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => composeNegotiation(infrastructure, options),
  );
  return {
    running,
    useCases: running.composition.useCases,
    deadlines: running.composition.deadlines,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composeNegotiation(infrastructure: ServiceInfrastructure, options: NegotiationServiceOptions): Promise<NegotiationComposition> {
  const { store, driver, idempotency, metrics, clock, ids, log } = infrastructure;
  await migrateInbox(driver);
  const commands = new Counter({ name: 'collections_negotiation_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const writer = new NegotiationWriter(store, commands);
  const deps: NegotiationDeps = { store, writer, idempotency: new CommandIdempotency(idempotency), clock, ids, balances: options.balances, log };
  const useCases = negotiationUseCases(deps);
  const deadlines = new NegotiationDeadlines({ store, writer, clock, log });

  // Reactions to the payments context: over Kafka in server mode, the shared log when embedded.
  const consumers = await startNegotiationConsumers(
    { store, writer, clock, log },
    options.messaging.kind === 'kafka'
      ? {
          mode: 'kafka',
          kafka: options.messaging.kafka,
          ...(options.messaging.partitions ? { partitions: options.messaging.partitions } : {}),
          ...(options.messaging.consumerGroup ? { groupId: options.messaging.consumerGroup } : {}),
        }
      : { mode: 'embedded' },
  );
  if (options.deadlines !== false) deadlines.start(options.deadlines?.pollMs);

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: NEGOTIATION_INTEGRATION_EVENTS,
          ...(options.messaging.partitions ? { partitions: options.messaging.partitions } : {}),
          relay: options.messaging.relay,
          relayId: 'negotiation',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    deadlines,
    controllers: NEGOTIATION_CONTROLLERS,
    providers: negotiationUseCaseProviders(useCases),
    async stop() {
      await deadlines.stop();
      await consumers.stop();
      await publishing?.stop();
    },
  };
}
