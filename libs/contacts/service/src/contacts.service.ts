import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { migrateInbox, startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { CONTACTS_GRPC_PACKAGE, CONTACTS_INTEGRATION_EVENTS, CONTACTS_PROTO_PATH } from '@collections/contacts-contracts';
import { CONTACTS_CONTROLLERS, contactsUseCaseProviders, contactsUseCases, type ContactsUseCases } from './contacts.use-cases';
import type { ContactsDeps } from './shared/contacts-deps';
import { ContactsWriter } from './shared/contacts-writer';
import { CONTACTS_MIGRATIONS } from './shared/contacts.migrations';
import { startContactsConsumers } from './dunning/contacts-consumers';
import { DunningScheduler } from './dunning/dunning-scheduler';
import type { FrequencyCaps } from '@collections/contacts-domain';
import type { DebtorDirectory } from './ports/debtor-directory';
import type { SelfServiceLinks } from './ports/self-service-links';
import { AddressIndex } from './shared/address-index';
import { SurveyTokens } from './surveys/surveys';
import { CONTACTS_WEBHOOKS, type ContactsWebhooks } from './webhooks/webhooks.config';
import type { ContactSenders } from './dunning/dunning-scheduler';
import type { Dialer } from '@collections/contacts-channels';

export type ContactsMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
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
  /** Where the debtors' names and contact points are read at each contact (the debtors service's API). */
  readonly directory: DebtorDirectory;
  /** The channels that send (closed with the service); a step on a channel without one is blocked with evidence. */
  readonly senders?: ContactSenders;
  /** The creditor's frequency caps per channel over 7 days (the policy's defaults when absent). */
  readonly caps?: FrequencyCaps;
  /** The providers' webhook secrets (Twilio, WhatsApp); without them those webhooks answer 404. */
  readonly webhooks?: ContactsWebhooks;
  /** The click-to-call dialer (its webhook secret is `webhooks.dialerWebhookSecret`); absent: no dialing from the workspace. */
  readonly dialer?: Dialer;
  /**
   * The negotiation context's one-time links to the debtor's self-service page, for messages
   * whose template shows `{{link.selfService}}`; absent: such a message is not sent, and its
   * evidence says the template's data was missing.
   */
  readonly selfServiceLinks?: SelfServiceLinks;
  /**
   * The scheduler's poll, how many sends of a batch are in flight at once (default 4, the
   * SMTP adapter's pool) and how many due debts one batch takes (default 200; a batch holds
   * one pooled connection); `false`: not started (a test drives `scheduler.runDue()`).
   */
  readonly scheduler?: { readonly pollMs?: number; readonly concurrency?: number; readonly batchSize?: number } | false;
}

interface ContactsComposition extends ServiceComposition {
  readonly useCases: ContactsUseCases;
  readonly scheduler: DunningScheduler;
}

export interface ContactsService {
  readonly running: RunningService<ContactsComposition>;
  readonly useCases: ContactsUseCases;
  readonly scheduler: DunningScheduler;
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
      // its tables (deadlines, attempts, templates...): SQL migrations the kit runs at start
      readModelMigrations: CONTACTS_MIGRATIONS,
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
    scheduler: running.composition.scheduler,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composeContacts(infrastructure: ServiceInfrastructure, options: ContactsServiceOptions): Promise<ContactsComposition> {
  const { store, driver, idempotency, metrics, clock, ids, log, cipher, keyStore } = infrastructure;
  await migrateInbox(driver);
  const commands = new Counter({ name: 'collections_contacts_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const writer = new ContactsWriter(store, ids, commands);
  const addresses = AddressIndex.from(options.masterKey);
  const surveyTokens = SurveyTokens.from(options.masterKey);
  const deps: ContactsDeps = { store, writer, idempotency: new CommandIdempotency(idempotency), clock, ids, directory: options.directory, addresses, cipher, surveyTokens, ...(options.dialer ? { dialer: options.dialer } : {}), log };
  const useCases = contactsUseCases(deps);
  const scheduler = new DunningScheduler({
    store,
    writer,
    clock,
    ids,
    directory: options.directory,
    senders: options.senders ?? {},
    addresses,
    surveyTokens,
    ...(options.webhooks?.publicBaseUrl ? { publicBaseUrl: options.webhooks.publicBaseUrl } : {}),
    ...(options.caps ? { caps: options.caps } : {}),
    ...(options.selfServiceLinks ? { selfServiceLinks: options.selfServiceLinks } : {}),
    ...(options.scheduler && options.scheduler.concurrency ? { concurrency: options.scheduler.concurrency } : {}),
    ...(options.scheduler && options.scheduler.batchSize ? { batchSize: options.scheduler.batchSize } : {}),
    log,
  });

  // Reactions to the debtors context: over Kafka in server mode, the shared log when embedded.
  const consumers = await startContactsConsumers(
    { store, writer, clock, keyStore, log },
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
          contracts: CONTACTS_INTEGRATION_EVENTS,
          ...(options.messaging.partitions ? { partitions: options.messaging.partitions } : {}),
          relay: options.messaging.relay,
          relayId: 'contacts',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    scheduler,
    controllers: CONTACTS_CONTROLLERS,
    providers: [...contactsUseCaseProviders(useCases), { provide: CONTACTS_WEBHOOKS, useValue: options.webhooks ?? {} }],
    async stop() {
      await scheduler.stop();
      await consumers.stop();
      // the e-mail adapter keeps a pool of SMTP connections open
      for (const sender of Object.values(options.senders ?? {})) (sender as { close?: () => void }).close?.();
      await publishing?.stop();
    },
  };
}
