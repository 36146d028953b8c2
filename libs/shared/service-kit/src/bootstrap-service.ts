import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { INestApplication, Provider, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ReflectionService } from '@grpc/reflection';
import { Logger } from 'nestjs-pino';
import { Pool, type PoolConfig } from 'pg';
import type { Registry } from 'prom-client';
import { NodePostgresDriver, SqlEventStore, runMigrations, type Migration } from '@collections/shared-event-store';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from '@collections/shared-kernel';
import { IdempotencyStore, runIdempotencyMigrations } from '@collections/shared-nest';
import type { TokenVerifier } from '@collections/shared-auth';
import { MasterKey, PiiCipher, PiiKeyStore, runPiiMigrations } from '@collections/shared-pii';
import { createMetricsRegistry } from '@collections/shared-observability';
import { ServiceKitModule } from './service-kit.module';

/** Where the service listens: `port: 0` picks a free port (tests). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ServiceKitOptions {
  /** The service's name: logs, OpenAPI, the read models' migrations table (`<name>_read_model_migrations`, in snake case). */
  readonly name: string;
  /** The service's database: event store, read models, keys, idempotency. */
  readonly database: PoolConfig;
  /**
   * Connections in the service's one pool (default 10). Embedded mode uses 1:
   * pglite-socket multiplexes its clients onto PGlite's single session and interleaves
   * their extended-protocol messages (electric-sql/pglite#1046); with one connection
   * there is nothing to interleave.
   */
  readonly poolSize?: number;
  /**
   * Named prepared statements for the event store's hot statements (default true). Off
   * where several connections share one session (PGlite over a socket): a connection
   * replaced after an error would prepare a name the session still holds.
   */
  readonly preparedStatements?: boolean;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  /**
   * The read models' schema: SQL migrations, run at start by the same runner as the
   * libraries' (`runMigrations`: once each, in order, in one transaction under an advisory
   * lock), recorded in `<name>_read_model_migrations`. A released migration is never
   * edited: add the next version.
   */
  readonly readModelMigrations: readonly Migration[];
  readonly openApi: { readonly title: string; readonly description: string };
  /** The gRPC service's proto; `grpc: false` in the options starts no gRPC server. */
  readonly grpcPackage?: { readonly package: string; readonly protoPath: string };
  readonly http?: ListenAddress;
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logLevel?: string;
  /** Where background work (relay, projections, schedulers) reports trouble (default: stderr). */
  readonly log?: (line: string) => void;
  /** The largest JSON body accepted (larger: 413). Default 256kb. */
  readonly bodyLimit?: string;
  /** When set, /metrics answers only a scraper that sends it as a bearer token (`METRICS_TOKEN`). */
  readonly metricsToken?: string;
  /**
   * gRPC server reflection (default on): lets grpcurl and similar tools list the methods
   * without the .proto. Off in production if the API's shape should not be discoverable
   * (`GRPC_REFLECTION=false`); every call still needs a token either way.
   */
  readonly grpcReflection?: boolean;
  /**
   * Run the schema migrations at start (default true). False in production, where the
   * service connects as a runtime role that may append to the log but not rewrite it nor
   * change the schema, and a migration job (`migrateServiceDatabase`) runs them as the owner.
   */
  readonly migrate?: boolean;
}

/** What the kit opened for the service, handed to its composition. */
export interface ServiceInfrastructure {
  readonly name: string;
  /**
   * The service's one pool (`driver.pool`) behind the event store's driver: the event
   * store, the key store, idempotency, the read models, their queries and projections,
   * the scheduler's deadlines all go through it.
   */
  readonly driver: NodePostgresDriver;
  readonly store: SqlEventStore;
  readonly keyStore: PiiKeyStore;
  readonly cipher: PiiCipher;
  readonly idempotency: IdempotencyStore;
  readonly metrics: Registry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly log: (line: string) => void;
}

/** What a service adds to the kit: its controllers and providers, its background work. */
export interface ServiceComposition {
  readonly controllers: readonly Type[];
  readonly providers: readonly Provider[];
  /** Stops the service's background work (projections, relay, schedulers) before the kit closes the app and the pool. */
  stop?(): Promise<void>;
}

export interface RunningService<C extends ServiceComposition> extends ServiceInfrastructure {
  readonly app: INestApplication;
  readonly composition: C;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The table that records a service's read-model migrations: `<name>_read_model_migrations`, in snake case. */
export function readModelMigrationsTable(serviceName: string): string {
  return `${serviceName.replace(/-/g, '_')}_read_model_migrations`;
}

/** A service's open pool: the kit ends it after the event store (whose driver runs over it) is closed. */
export interface ServicePool {
  readonly pool: Pool;
  readonly driver: NodePostgresDriver;
  close(): Promise<void>;
}

/**
 * The service's one pool, a node-postgres `Pool` the kit owns, with the event store's
 * driver over it (the driver does not own it). Everything of the service goes through
 * that driver; only the event store's LISTEN connection and the relay's lock connection
 * are connections of their own, because they are held for the process's life.
 */
export async function openServicePool(database: PoolConfig, max: number, preparedStatements = true): Promise<ServicePool> {
  const pool = new Pool({ ...database, max });
  // An idle client can be killed by the server (restart, pg_terminate_backend): the pool
  // drops it and opens another; without a listener the error would crash the process.
  pool.on('error', () => undefined);
  const driver = new NodePostgresDriver(pool, database, false, { preparedStatements });
  let ended: Promise<void> | undefined;
  const close = () =>
    (ended ??= (async () => {
      await driver.close(); // the LISTEN connection, if any; not the pool
      await pool.end();
    })());
  try {
    // a database that does not answer fails the start here, not at the first request
    await driver.query('SELECT 1');
  } catch (error) {
    await close();
    throw error;
  }
  return { pool, driver, close };
}

/** The read models' migrations, by the runner the libraries use, under the service's own history table. */
export function runReadModelMigrations(driver: NodePostgresDriver, options: Pick<ServiceKitOptions, 'name' | 'readModelMigrations'>): Promise<number[]> {
  return runMigrations(driver, options.readModelMigrations, readModelMigrationsTable(options.name));
}

/**
 * The migration job: every schema a service's database holds (event store, personal-data
 * keys, idempotency, the read models, and whatever `more` adds), run as the role that owns
 * the tables, then closed. The service itself then runs with `migrate: false` as a runtime
 * role that cannot change the schema nor rewrite the log.
 */
export async function migrateServiceDatabase(
  options: Pick<ServiceKitOptions, 'name' | 'database' | 'readModelMigrations'>,
  more: (driver: NodePostgresDriver) => Promise<void> = async () => undefined,
): Promise<void> {
  const { driver, close } = await openServicePool(options.database, 1);
  try {
    await runMigrations(driver);
    await runPiiMigrations(driver);
    await runIdempotencyMigrations(driver);
    await runReadModelMigrations(driver, options);
    await more(driver);
  } finally {
    await close();
  }
}

/**
 * Opens what every service needs, in this order: one PostgreSQL pool (the kit's, with the
 * event store's driver over it), the event store, the PII key store and cipher, the
 * idempotency store, the read models' migrations; then `compose` builds the service's
 * own parts from them; then the Nest application (pino, auth, problem+json, OpenAPI at
 * /docs, /health, /ready, /metrics) and the gRPC server with reflection start.
 */
export async function bootstrapService<C extends ServiceComposition>(
  options: ServiceKitOptions,
  compose: (infrastructure: ServiceInfrastructure) => Promise<C>,
): Promise<RunningService<C>> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const servicePool = await openServicePool(options.database, options.poolSize ?? 10, options.preparedStatements ?? true);
  const { driver } = servicePool;
  const opened: { close(): Promise<void> }[] = [servicePool];
  const closeOpened = async () => {
    for (const resource of opened.reverse()) await resource.close();
  };
  try {
    const migrate = options.migrate ?? true;
    const store = await SqlEventStore.open(driver, { migrate });
    opened.push(store);
    const keyStore = await PiiKeyStore.open(driver, options.masterKey, { migrate });
    const cipher = new PiiCipher(keyStore, options.masterKey);
    // keyed request digests and derived ids: the same for every instance and across restarts
    const idempotency = await IdempotencyStore.open(driver, { secret: options.masterKey.deriveKey('idempotency'), migrate });
    if (migrate) await runReadModelMigrations(driver, options);
    const infrastructure: ServiceInfrastructure = {
      name: options.name,
      driver,
      store,
      keyStore,
      cipher,
      idempotency,
      metrics: createMetricsRegistry(),
      clock: options.clock ?? systemClock,
      ids: options.ids ?? uuidV7Ids,
      log,
    };
    const composition = await compose(infrastructure);
    opened.push({ close: async () => composition.stop?.() });

    const app = await NestFactory.create<NestExpressApplication>(
      ServiceKitModule.register({
        verifier: options.verifier,
        store,
        metrics: infrastructure.metrics,
        logLevel: options.logLevel ?? 'info',
        controllers: composition.controllers,
        providers: composition.providers,
        metricsToken: options.metricsToken,
      }),
      // rawBody: a webhook's signature is over the bytes received (req.rawBody), not the parsed JSON
      { bufferLogs: true, bodyParser: false, rawBody: true },
    );
    opened.push({ close: () => app.close() });
    app.useLogger(app.get(Logger));
    app.useBodyParser('json', { limit: options.bodyLimit ?? '256kb' });
    // providers' webhooks (Twilio) post forms; flat fields only (no nested objects from `a[b]=c`)
    app.useBodyParser('urlencoded', { limit: options.bodyLimit ?? '256kb', extended: false });
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle(options.openApi.title).setDescription(options.openApi.description).setVersion('1').addBearerAuth().build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

    let grpcUrl: string | undefined;
    if (options.grpc !== false && options.grpcPackage) {
      const grpc = options.grpc ?? { host: '127.0.0.1', port: 50051 };
      grpcUrl = `${grpc.host}:${grpc.port}`;
      app.connectMicroservice<GrpcOptions>(
        {
          transport: Transport.GRPC,
          options: {
            package: options.grpcPackage.package,
            protoPath: options.grpcPackage.protoPath,
            url: grpcUrl,
            loader: { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true },
            onLoadPackageDefinition: (pkg, server) => {
              if (options.grpcReflection !== false) new ReflectionService(pkg).addToServer(server);
            },
          },
        },
        { inheritAppConfig: true },
      );
      await app.startAllMicroservices();
    }
    const http = options.http ?? { host: '127.0.0.1', port: 3000 };
    await app.listen(http.port, http.host);
    const address = app.getHttpServer().address() as AddressInfo;

    let closing: Promise<void> | undefined;
    return {
      ...infrastructure,
      app,
      composition,
      httpUrl: `http://${http.host}:${address.port}`,
      grpcUrl,
      // background work first (it may still write), then the app, then the store and the pool
      close: () =>
        (closing ??= (async () => {
          await composition.stop?.();
          await app.close();
          await store.close();
          await servicePool.close();
        })()),
    };
  } catch (error) {
    await closeOpened().catch(() => undefined);
    throw error;
  }
}
