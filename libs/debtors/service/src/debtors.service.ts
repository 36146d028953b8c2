import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter, Gauge } from 'prom-client';
import { LOG_START, SqlEventStore, describeStall, runMigrations, type NodePostgresDriver, type SqlDriver } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import { ProjectionRunner } from '@collections/shared-nest';
import type { TokenVerifier } from '@collections/shared-auth';
import { startIntegrationEventPublishing, type OutboxRelay } from '@collections/shared-messaging';
import { MasterKey, isErased, isPiiToken } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, migrateServiceDatabase, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { DEBTORS_GRPC_PACKAGE, DEBTORS_INTEGRATION_EVENTS, DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { AgingScheduler } from './debts/age-debt/aging-deadlines';
import { debtorsProjection } from './debts/list-debts/debtors-read-model.projection';
import { DEBTORS_READ_MODEL_MIGRATIONS } from './debts/list-debts/debtors-read-model.migrations';
import { migrateDebtorsConsumers, startDebtorsConsumers } from './debts/debtors-consumers';
import { DEBTORS_CONTROLLERS, debtorsUseCases, useCaseProviders, type DebtorsUseCases } from './debtors.use-cases';
import { BusinessCalendar } from './shared/business-calendar';
import type { DebtorsDeps } from './shared/debtors-deps';
import { DebtorsWriter } from './shared/debtors-writer';
import { NaturalKeyIds } from './shared/natural-key-ids';
import { DEBTORS_WRITE_MIGRATIONS, DEBTORS_WRITE_MIGRATIONS_TABLE, TaxIdClaims } from './shared/tax-id-claims';
import type { PersonalDataProtector } from './shared/personal-data';

export type DebtorsMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number; readonly consumerGroup?: string }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface DebtorsServiceOptions {
  /** The service's database: event store, read models, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: DebtorsMessaging;
  readonly http?: ListenAddress;
  /** `false`: no gRPC server. */
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** 0: the aging scheduler is not started (tests call runDue). Default 60 s. */
  readonly schedulerIntervalMs?: number;
  readonly projectionPollMs?: number;
  readonly logLevel?: string;
  /** Where the relay, projections and scheduler report trouble (default: stderr). */
  readonly log?: (line: string) => void;
  /** Embedded mode: a pool of one connection (see ServiceKitOptions.poolSize). */
  readonly singleConnection?: boolean;
  /** The largest JSON body accepted (larger: 413). */
  readonly bodyLimit?: string;
  /** See ServiceKitOptions: a bearer token for /metrics, and gRPC reflection on or off. */
  readonly metricsToken?: string;
  readonly grpcReflection?: boolean;
  /** Run the schema migrations at start (default true); false when `migrateDebtorsDatabase` ran them as the owner. */
  readonly migrate?: boolean;
  /**
   * How long a reader of the log (projection, relay) may have committed events held back
   * by a transaction open on the server before a log line names it. Default 30 s.
   */
  readonly stallAlertAfterMs?: number;
}

interface DebtorsComposition extends ServiceComposition {
  readonly useCases: DebtorsUseCases;
  readonly projections: ProjectionRunner;
  readonly scheduler: AgingScheduler;
  readonly relay: OutboxRelay | undefined;
}

export interface DebtorsService {
  readonly running: RunningService<DebtorsComposition>;
  readonly useCases: DebtorsUseCases;
  readonly projections: ProjectionRunner;
  readonly scheduler: AgingScheduler;
  readonly store: SqlEventStore;
  /** The service's one pool (the event store's driver): read models, keys, idempotency. */
  readonly driver: NodePostgresDriver;
  readonly relay: OutboxRelay | undefined;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * The debtors database's migration job, run as the role that owns the tables (the
 * service then runs with `migrate: false` as a runtime role that cannot rewrite the log).
 */
export function migrateDebtorsDatabase(database: PoolConfig): Promise<void> {
  return migrateServiceDatabase({ name: 'debtors', database, readModelMigrations: DEBTORS_READ_MODEL_MIGRATIONS }, async (driver) => {
    await migrateDebtorsWriteSide(driver);
    await migrateDebtorsConsumers(driver);
  });
}

/** The debtors' own write-side tables (the tax id claims), beside the event store. */
async function migrateDebtorsWriteSide(driver: SqlDriver): Promise<void> {
  await runMigrations(driver, DEBTORS_WRITE_MIGRATIONS, DEBTORS_WRITE_MIGRATIONS_TABLE);
}

/** The debtors service on the service kit: what is specific to debtors is composed here. */
export async function startDebtorsService(options: DebtorsServiceOptions): Promise<DebtorsService> {
  const running = await bootstrapService(
    {
      name: 'debtors',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      readModelMigrations: DEBTORS_READ_MODEL_MIGRATIONS,
      openApi: {
        title: 'Debtors service',
        description: 'Debtors and debts (títulos) of the collections platform. Errors are application/problem+json. Every write takes an Idempotency-Key header.',
      },
      grpcPackage: { package: DEBTORS_GRPC_PACKAGE, protoPath: DEBTORS_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      ...(options.grpcReflection !== undefined ? { grpcReflection: options.grpcReflection } : {}),
      ...(options.migrate !== undefined ? { migrate: options.migrate } : {}),
    },
    (infrastructure) => composeDebtors(infrastructure, options),
  );
  const { useCases, projections, scheduler, relay } = running.composition;
  return {
    running,
    useCases,
    projections,
    scheduler,
    store: running.store,
    driver: running.driver,
    relay,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function composeDebtors(infrastructure: ServiceInfrastructure, options: DebtorsServiceOptions): Promise<DebtorsComposition> {
  const { store, driver, keyStore, cipher, idempotency, metrics, clock, ids, log } = infrastructure;
  if (options.migrate ?? true) await migrateDebtorsWriteSide(driver);
  const claims = new TaxIdClaims(driver, (taxDigits, tenantId) => cipher.blindIndex(taxDigits, tenantId));
  const protector: PersonalDataProtector = {
    protect: (subjectId, tenantId, value, transaction) => cipher.encrypt(subjectId, tenantId, value as string | object, transaction),
    reveal: async (subjectId, token, transaction) => {
      const value = await cipher.decrypt(subjectId, token, transaction);
      return isErased(value) ? undefined : value;
    },
    isToken: isPiiToken,
    erase: async (subjectId, tenantId) => {
      await keyStore.erase(subjectId, tenantId);
    },
    prepare: (subjectIds, tenantId) => keyStore.prepareKeys(subjectIds, tenantId),
  };

  const commandCounter = new Counter({ name: 'collections_debtors_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const deps: DebtorsDeps = {
    store,
    driver,
    protector,
    writer: new DebtorsWriter(store, protector, ids, claims, commandCounter),
    idempotency: new CommandIdempotency(idempotency),
    calendar: new BusinessCalendar(clock),
    ids,
    naturalKeys: NaturalKeyIds.fromMasterKey(options.masterKey),
    claims,
  };
  const projectionFailures = new Counter({ name: 'collections_projection_failures_total', help: 'Projection batches that failed (retried with backoff)', labelNames: ['projection'], registers: [metrics] });
  const parkedEvents = new Counter({ name: 'collections_projection_parked_events_total', help: 'Events a projection could not apply after bounded retries and set aside (es_parked_events)', labelNames: ['projection'], registers: [metrics] });
  const projections = new ProjectionRunner(driver, store, [debtorsProjection(store)], {
    pollIntervalMs: options.projectionPollMs ?? 100,
    onError: (name, error) => {
      projectionFailures.inc({ projection: name });
      log(`projection ${name} failed: ${(error as Error).message}`);
    },
    ...(options.stallAlertAfterMs !== undefined ? { stallAlertAfterMs: options.stallAlertAfterMs } : {}),
    onStall: (stall) => log(describeStall(stall)),
    onParked: (event) => {
      parkedEvents.inc({ projection: event.reader });
      log(`ALERT projection ${event.reader} parked ${event.type} ${event.streamId} v${event.streamVersion} after ${event.attempts} attempts: ${event.error}`);
    },
  });
  // How far each reader of the log is behind, read on every scrape: listings are stale by
  // the projection's lag, Kafka consumers by the relay's. Capped so a scrape stays cheap.
  const readers: { reader: string; categories?: readonly string[] }[] = [{ reader: 'projection:debtors-read-model', categories: ['debtor', 'debt'] }];
  if (options.messaging.kind === 'kafka' && options.messaging.relay) readers.push({ reader: 'relay:debtors' });
  new Gauge({
    name: 'collections_log_reader_lag_events',
    help: 'Committed events a reader of the log (projection, relay) has not processed yet, counted up to 100,000',
    labelNames: ['reader'],
    registers: [metrics],
    async collect() {
      try {
        for (const { reader, categories } of readers) {
          const after = (await store.readCheckpoint(reader)) ?? LOG_START;
          this.set({ reader }, await store.countEventsAfter(after, { max: 100_000, ...(categories ? { categories } : {}) }));
        }
      } catch (error) {
        // the database is unreachable: the scrape still returns every other metric (and /ready says why)
        log(`metrics: reader lag not measured: ${(error as Error).message}`);
      }
    },
  });
  // A transaction left open anywhere on the server holds every reader of the log back
  // (transaction ids are server-wide): how long, per reader, and the oldest open one.
  new Gauge({
    name: 'collections_log_reader_held_back_seconds',
    help: 'How long a reader of the log has had committed events it cannot read yet, held back by a transaction open on the server (0: none)',
    labelNames: ['reader'],
    registers: [metrics],
    collect() {
      this.set({ reader: 'projection:debtors-read-model' }, projections.heldBackMs('debtors-read-model') / 1000);
      if (relay) this.set({ reader: 'relay:debtors' }, relay.heldBackMs() / 1000);
    },
  });
  new Gauge({
    name: 'collections_log_oldest_open_transaction_seconds',
    help: 'Age of the oldest transaction open on the PostgreSQL server with an id assigned: readers of the log cannot pass it',
    registers: [metrics],
    async collect() {
      try {
        const [oldest] = await store.openTransactions();
        this.set(oldest ? oldest.ageMs / 1000 : 0);
      } catch (error) {
        log(`metrics: open transactions not measured: ${(error as Error).message}`);
      }
    },
  });
  const useCases = debtorsUseCases(deps, projections);
  projections.start();
  const scheduler = new AgingScheduler(driver, useCases.ageDebt, deps.calendar, log);
  if ((options.schedulerIntervalMs ?? 60_000) > 0) scheduler.start(options.schedulerIntervalMs ?? 60_000);

  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: DEBTORS_INTEGRATION_EVENTS,
          partitions: options.messaging.partitions ?? 6,
          relay: options.messaging.relay,
          relayId: 'debtors',
          store,
          lockConnection: options.database,
          log,
          ...(options.stallAlertAfterMs !== undefined ? { stallAlertAfterMs: options.stallAlertAfterMs } : {}),
        })
      : undefined;
  const relay = publishing?.relay;

  // The reactive half: agreements and allocated payments from the negotiation and payments
  // contexts, through Kafka, or through the log itself in embedded mode.
  const consumers = await startDebtorsConsumers(
    options.messaging.kind === 'kafka'
      ? { mode: 'kafka', store, kafka: options.messaging.kafka, partitions: options.messaging.partitions ?? 6, metrics, log, migrate: options.migrate ?? true, ...(options.messaging.consumerGroup ? { groupId: options.messaging.consumerGroup } : {}) }
      : { mode: 'embedded', store, metrics, log, migrate: options.migrate ?? true },
  );

  return {
    useCases,
    projections,
    scheduler,
    relay,
    controllers: DEBTORS_CONTROLLERS,
    providers: useCaseProviders(useCases),
    async stop() {
      await consumers.stop();
      await scheduler.stop();
      await projections.stop();
      await publishing?.stop();
    },
  };
}
