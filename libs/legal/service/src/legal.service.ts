import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { migrateInbox, startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { LEGAL_GRPC_PACKAGE, LEGAL_INTEGRATION_EVENTS, LEGAL_PROTO_PATH } from '@collections/legal-contracts';
import { LEGAL_CONTROLLERS, legalUseCaseProviders, legalUseCases, type LegalUseCases } from './legal.use-cases';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import type { LegalDeps } from './shared/legal-deps';
import { LegalWriter } from './shared/legal-writer';
import { LEGAL_MIGRATIONS } from './shared/legal.migrations';
import type { DebtDirectory } from './ports/debt-directory';
import type { BureauGateway } from './ports/bureaus';
import type { NotaryGateway } from './ports/notary';
import { EscalationScheduler } from './escalations/escalation-scheduler';
import { startLegalConsumers } from './consumers/legal-consumers';

export type LegalMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
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
  /** The debtors service's API: the debt's balance and debtor, the debtor's identity for a bureau, the audit history. */
  readonly directory: DebtDirectory;
  /** The bureaus' adapters; a listing goes to every bureau given here. */
  readonly bureaus: Partial<Record<Bureau, BureauGateway>>;
  /** The notaries' central (CENPROT) for protests; without it a protest request waits. */
  readonly notary?: NotaryGateway;
  /** The scheduler's poll; `false`: not started (a test drives `scheduler.runDue()`). */
  readonly scheduler?: { readonly pollMs?: number } | false;
}

interface LegalComposition extends ServiceComposition {
  readonly useCases: LegalUseCases;
  readonly scheduler: EscalationScheduler;
}

export interface LegalService {
  readonly running: RunningService<LegalComposition>;
  readonly useCases: LegalUseCases;
  readonly scheduler: EscalationScheduler;
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
      // the deadlines and the SLA view's table; the escalations themselves are read from their streams
      readModelMigrations: LEGAL_MIGRATIONS,
      openApi: {
        title: 'Legal service',
        description:
          'The legal escalation of the collections platform: prior notice (CDC art. 43 §2), credit-bureau listing and its removal within 5 business days (STJ Súmula 548), protest, lawsuit dossier. Errors are application/problem+json. Every write takes an Idempotency-Key header.',
      },
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
    scheduler: running.composition.scheduler,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composeLegal(infrastructure: ServiceInfrastructure, options: LegalServiceOptions): Promise<LegalComposition> {
  const { store, driver, idempotency, metrics, clock, ids, log } = infrastructure;
  await migrateInbox(driver);
  const commands = new Counter({ name: 'collections_legal_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const writer = new LegalWriter(store, ids, commands);
  const deps: LegalDeps = { store, writer, idempotency: new CommandIdempotency(idempotency), clock, directory: options.directory };
  const useCases = legalUseCases(deps, BUREAUS.filter((b) => options.bureaus[b] !== undefined));
  const scheduler = new EscalationScheduler({ store, writer, clock, ids, directory: options.directory, bureaus: options.bureaus, ...(options.notary ? { notary: options.notary } : {}), log });

  // Reactions to the debtors (debt facts) and contacts (the notice's proof) contexts: Kafka in server mode, the shared log when embedded.
  const consumers = await startLegalConsumers(
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
  if (options.scheduler !== false) scheduler.start(options.scheduler?.pollMs);

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
    scheduler,
    controllers: LEGAL_CONTROLLERS,
    providers: legalUseCaseProviders(useCases),
    async stop() {
      await scheduler.stop();
      await consumers.stop();
      await publishing?.stop();
    },
  };
}
