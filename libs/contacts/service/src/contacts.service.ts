import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { ContractRegistry, KafkaPublisher, OutboxRelay, provisionTopics } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { CONTACTS_GRPC_PACKAGE, CONTACTS_INTEGRATION_EVENTS, CONTACTS_PROTO_PATH } from '@collections/contacts-contracts';
import { CONTACTS_CONTROLLERS, contactsUseCaseProviders, contactsUseCases, type ContactsUseCases } from './contacts.use-cases';
import type { ContactsDeps } from './shared/contacts-deps';
import { ContactsWriter } from './shared/contacts-writer';

export type ContactsMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface ContactsServiceOptions {
  /** The service's database: event store, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: ContactsMessaging;
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

interface ContactsComposition extends ServiceComposition {
  readonly useCases: ContactsUseCases;
}

export interface ContactsService {
  readonly running: RunningService<ContactsComposition>;
  readonly useCases: ContactsUseCases;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The contacts service on the service kit: what is specific to contacts is composed here. */
export async function startContactsService(options: ContactsServiceOptions): Promise<ContactsService> {
  const running = await bootstrapService(
    {
      name: 'contacts',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      // its reads fold the streams; a read model comes with its SQL migrations here (the kit runs them)
      readModelMigrations: [],
      openApi: { title: 'Contacts service', description: 'The contacts context of the collections platform. Errors are application/problem+json. Every write takes an Idempotency-Key header.' },
      grpcPackage: { package: CONTACTS_GRPC_PACKAGE, protoPath: CONTACTS_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => composeContacts(infrastructure, options),
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

async function composeContacts(infrastructure: ServiceInfrastructure, options: ContactsServiceOptions): Promise<ContactsComposition> {
  const { store, idempotency, metrics, clock, ids, log } = infrastructure;
  const commands = new Counter({ name: 'collections_contacts_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const deps: ContactsDeps = { store, writer: new ContactsWriter(store, ids, commands), idempotency: new CommandIdempotency(idempotency), clock };
  const useCases = contactsUseCases(deps);

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  let relay: OutboxRelay | undefined;
  let publisher: KafkaPublisher | undefined;
  if (options.messaging.kind === 'kafka') {
    const contracts = new ContractRegistry(CONTACTS_INTEGRATION_EVENTS);
    const admin = options.messaging.kafka.admin();
    await admin.connect();
    await provisionTopics(admin, contracts.topics(), { partitions: options.messaging.partitions ?? 6 });
    await admin.disconnect();
    if (options.messaging.relay) {
      publisher = KafkaPublisher.create(options.messaging.kafka);
      relay = new OutboxRelay({ store, lockConnection: options.database, publisher, contracts, relayId: 'contacts', log });
      relay.start();
    }
  }

  return {
    useCases,
    controllers: CONTACTS_CONTROLLERS,
    providers: contactsUseCaseProviders(useCases),
    async stop() {
      await relay?.stop();
      await publisher?.close();
    },
  };
}
