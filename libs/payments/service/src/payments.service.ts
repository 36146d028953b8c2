import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { migrateInbox, startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { PAYMENTS_GRPC_PACKAGE, PAYMENTS_INTEGRATION_EVENTS, PAYMENTS_PROTO_PATH } from '@collections/payments-contracts';
import { PAYMENTS_CONTROLLERS, paymentsUseCaseProviders, paymentsUseCases, type PaymentsUseCases } from './payments.use-cases';
import type { DebtorsLedger } from './ports/debtors-ledger';
import type { PaymentsDeps } from './shared/payments-deps';
import { PaymentsWriter } from './shared/payments-writer';
import { PAYMENTS_MIGRATIONS } from './shared/payments.migrations';
import { startPaymentsConsumers } from './negotiation/payments-consumers';
import { ChargeExpiry } from './charges/expire-charges/charge-expiry';

export type PaymentsMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface PaymentsServiceOptions {
  /** The service's database: event store, idempotency, its tables. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: PaymentsMessaging;
  readonly http?: ListenAddress;
  /** `false`: no gRPC server. */
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logLevel?: string;
  readonly log?: (line: string) => void;
  /** Embedded mode: a pool of one connection (see ServiceKitOptions.poolSize). */
  readonly singleConnection?: boolean;
  /** Where debts' balances are read when a charge is issued or a payment allocated (the debtors service's API). */
  readonly ledger: DebtorsLedger;
  /** The charge expiry's poll and grace; `false`: not started (a test drives `expiry.runDue()`). */
  readonly expiry?: { readonly pollMs?: number; readonly graceDays?: number } | false;
}

interface PaymentsComposition extends ServiceComposition {
  readonly useCases: PaymentsUseCases;
  readonly expiry: ChargeExpiry;
}

export interface PaymentsService {
  readonly running: RunningService<PaymentsComposition>;
  readonly useCases: PaymentsUseCases;
  readonly expiry: ChargeExpiry;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The payments service on the service kit: what is specific to payments is composed here. */
export async function startPaymentsService(options: PaymentsServiceOptions): Promise<PaymentsService> {
  const running = await bootstrapService(
    {
      name: 'payments',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      readModelMigrations: PAYMENTS_MIGRATIONS,
      openApi: {
        title: 'Payments service',
        description: 'The payments context of the collections platform: charges (PIX, boleto), intake (PIX webhook, TED), allocation, reversals, reconciliation. Errors are application/problem+json. Writes take an Idempotency-Key header (the webhook and file import are keyed by their own entries).',
      },
      // a return file of a few thousand lines travels as JSON text
      bodyLimit: '10mb',
      grpcPackage: { package: PAYMENTS_GRPC_PACKAGE, protoPath: PAYMENTS_PROTO_PATH },
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.http ? { http: options.http } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => composePayments(infrastructure, options),
  );
  return {
    running,
    useCases: running.composition.useCases,
    expiry: running.composition.expiry,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composePayments(infrastructure: ServiceInfrastructure, options: PaymentsServiceOptions): Promise<PaymentsComposition> {
  const { store, driver, idempotency, metrics, clock, ids, log } = infrastructure;
  await migrateInbox(driver);
  const commands = new Counter({ name: 'collections_payments_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const writer = new PaymentsWriter(store, commands);
  const deps: PaymentsDeps = { store, writer, idempotency: new CommandIdempotency(idempotency), clock, ids, ledger: options.ledger, log };
  const useCases = paymentsUseCases(deps);

  // Reactions to the negotiation context: over Kafka in server mode, the shared log when embedded.
  const consumers = await startPaymentsConsumers(
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

  const expiry = new ChargeExpiry({ store, writer, clock, log, ...(options.expiry && options.expiry.graceDays !== undefined ? { graceDays: options.expiry.graceDays } : {}) });
  if (options.expiry !== false) expiry.start(options.expiry?.pollMs);

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: PAYMENTS_INTEGRATION_EVENTS,
          ...(options.messaging.partitions ? { partitions: options.messaging.partitions } : {}),
          relay: options.messaging.relay,
          relayId: 'payments',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    expiry,
    controllers: PAYMENTS_CONTROLLERS,
    providers: paymentsUseCaseProviders(useCases, deps),
    async stop() {
      await expiry.stop();
      await consumers.stop();
      await publishing?.stop();
    },
  };
}
