import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ReflectionService } from '@grpc/reflection';
import { Logger } from 'nestjs-pino';
import type { Kafka } from 'kafkajs';
import type { Pool, PoolConfig } from 'pg';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { LOG_START, NodePostgresDriver, SqlEventStore, describeStall } from '@collections/shared-event-store';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from '@collections/shared-kernel';
import { IdempotencyStore, TypeOrmProjectionRunner } from '@collections/shared-nest';
import type { TokenVerifier } from '@collections/shared-auth';
import { ContractRegistry, KafkaPublisher, OutboxRelay, provisionTopics } from '@collections/shared-messaging';
import { MasterKey, PiiCipher, PiiKeyStore, isErased, isPiiToken } from '@collections/shared-pii';
import { DEBTORS_GRPC_PACKAGE, DEBTORS_INTEGRATION_EVENTS, DEBTORS_PROTO_PATH } from '@collections/debtors-contracts';
import { DebtorsApplication } from './application/debtors.application';
import type { PersonalDataProtector } from './application/personal-data';
import { AgingScheduler } from './deadlines/aging-deadlines';
import { DebtorsModule } from './debtors.module';
import { debtorsProjection } from './projections/debtors.projection';
import { DebtorsReadModel1764000000000 } from './projections/read-model.migrations';

export type DebtorsMessaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface DebtorsServiceOptions {
  /** The service's database: event store, read models, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: DebtorsMessaging;
  readonly http?: { readonly host: string; readonly port: number };
  /** `false`: no gRPC server. */
  readonly grpc?: { readonly host: string; readonly port: number } | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** 0: the aging scheduler is not started (tests call runDue). Default 60 s. */
  readonly schedulerIntervalMs?: number;
  readonly projectionPollMs?: number;
  readonly logLevel?: string;
  /** Where the relay, projections and scheduler report trouble (default: stderr). */
  readonly log?: (line: string) => void;
  /**
   * Embedded mode: one PostgreSQL connection for everything (event store, keys,
   * idempotency and TypeORM share TypeORM's pool of one). pglite-socket multiplexes its
   * clients onto PGlite's single session and interleaves their extended-protocol
   * messages (electric-sql/pglite#1046): with one connection there is nothing to interleave.
   */
  readonly singleConnection?: boolean;
  /** The largest JSON body accepted (larger: 413). */
  readonly bodyLimit?: string;
  /**
   * How long a reader of the log (projection, relay) may have committed events held back
   * by a transaction open on the server before a log line names it. Default 30 s.
   */
  readonly stallAlertAfterMs?: number;
}

export interface DebtorsService {
  readonly app: INestApplication;
  readonly application: DebtorsApplication;
  readonly projections: TypeOrmProjectionRunner;
  readonly scheduler: AgingScheduler;
  readonly store: SqlEventStore;
  readonly dataSource: DataSource;
  readonly relay: OutboxRelay | undefined;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

function typeOrmConnection(config: PoolConfig) {
  if (config.connectionString) return { url: config.connectionString };
  return {
    host: config.host ?? '127.0.0.1',
    port: Number(config.port ?? 5432),
    username: config.user ?? 'postgres',
    ...(typeof config.password === 'string' ? { password: config.password } : {}),
    database: config.database ?? 'postgres',
    ...(config.application_name ? { applicationName: config.application_name } : {}),
  };
}

export async function startDebtorsService(options: DebtorsServiceOptions): Promise<DebtorsService> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const ids = options.ids ?? uuidV7Ids;
  const dataSource = new DataSource({
    type: 'postgres',
    ...typeOrmConnection(options.database),
    extra: { max: options.singleConnection ? 1 : 5 },
    migrations: [DebtorsReadModel1764000000000],
    migrationsTableName: 'debtors_typeorm_migrations',
    logging: false,
  });
  await dataSource.initialize();
  const driver = options.singleConnection
    ? new NodePostgresDriver((dataSource.driver as PostgresDriver).master as Pool, options.database, false, { preparedStatements: false })
    : NodePostgresDriver.create({ max: 10, ...options.database });
  const store = await SqlEventStore.open(driver);
  const keyStore = await PiiKeyStore.open(driver, options.masterKey);
  const cipher = new PiiCipher(keyStore, options.masterKey);
  const protector: PersonalDataProtector = {
    protect: (subjectId, tenantId, value, transaction) => cipher.encrypt(subjectId, tenantId, value as string | object, transaction),
    reveal: async (subjectId, token) => {
      const value = await cipher.decrypt(subjectId, token);
      return isErased(value) ? undefined : value;
    },
    isToken: isPiiToken,
    erase: async (subjectId, tenantId) => {
      await keyStore.erase(subjectId, tenantId);
    },
    prepare: (subjectIds, tenantId) => keyStore.prepareKeys(subjectIds, tenantId),
  };
  const idempotency = await IdempotencyStore.open(driver, { secret: options.masterKey.deriveKey('idempotency') });
  await dataSource.runMigrations({ transaction: 'all' });

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const commandCounter = new Counter({ name: 'collections_debtors_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const application = new DebtorsApplication({ store, protector, idempotency, clock, ids, dataSource, commandCounter });
  const projectionFailures = new Counter({ name: 'collections_projection_failures_total', help: 'Projection batches that failed (retried with backoff)', labelNames: ['projection'], registers: [metrics] });
  const parkedEvents = new Counter({ name: 'collections_projection_parked_events_total', help: 'Events a projection could not apply after bounded retries and set aside (es_parked_events)', labelNames: ['projection'], registers: [metrics] });
  const projections = new TypeOrmProjectionRunner(dataSource, store, [debtorsProjection(store)], {
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
  projections.start();
  const scheduler = new AgingScheduler(dataSource, application, clock, log);
  if ((options.schedulerIntervalMs ?? 60_000) > 0) scheduler.start(options.schedulerIntervalMs ?? 60_000);

  let relay: OutboxRelay | undefined;
  let publisher: KafkaPublisher | undefined;
  if (options.messaging.kind === 'kafka') {
    const contracts = new ContractRegistry(DEBTORS_INTEGRATION_EVENTS);
    const admin = options.messaging.kafka.admin();
    await admin.connect();
    await provisionTopics(admin, contracts.topics(), { partitions: options.messaging.partitions ?? 6 });
    await admin.disconnect();
    if (options.messaging.relay) {
      publisher = KafkaPublisher.create(options.messaging.kafka);
      relay = new OutboxRelay({
        store,
        lockConnection: options.database,
        publisher,
        contracts,
        relayId: 'debtors',
        log,
        ...(options.stallAlertAfterMs !== undefined ? { stallAlertAfterMs: options.stallAlertAfterMs } : {}),
      });
      relay.start();
    }
  }

  const app = await NestFactory.create<NestExpressApplication>(
    DebtorsModule.register({ verifier: options.verifier, application, store, projections, metrics, logLevel: options.logLevel ?? 'info' }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '256kb' });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Debtors service')
      .setDescription('Debtors and debts (títulos) of the collections platform. Errors are application/problem+json. Every write takes an Idempotency-Key header.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

  let grpcUrl: string | undefined;
  if (options.grpc !== false) {
    const grpc = options.grpc ?? { host: '127.0.0.1', port: 50051 };
    grpcUrl = `${grpc.host}:${grpc.port}`;
    app.connectMicroservice<GrpcOptions>(
      {
        transport: Transport.GRPC,
        options: {
          package: DEBTORS_GRPC_PACKAGE,
          protoPath: DEBTORS_PROTO_PATH,
          url: grpcUrl,
          loader: { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true },
          onLoadPackageDefinition: (pkg, server) => new ReflectionService(pkg).addToServer(server),
        },
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  const http = options.http ?? { host: '127.0.0.1', port: 3000 };
  await app.listen(http.port, http.host);
  const address = app.getHttpServer().address() as AddressInfo;

  return {
    app,
    application,
    projections,
    scheduler,
    store,
    dataSource,
    relay,
    httpUrl: `http://${http.host}:${address.port}`,
    grpcUrl,
    async close() {
      await scheduler.stop();
      await projections.stop();
      await relay?.stop();
      await publisher?.close();
      await app.close();
      await store.close();
      await dataSource.destroy();
    },
  };
}
