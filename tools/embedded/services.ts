import type { PoolConfig } from 'pg';
import type { TokenVerifier } from '@collections/shared-auth';
import type { MasterKey } from '@collections/shared-pii';
// generate:service imports below this line
import { startContactsService } from '@collections/contacts-service';

/** What the embedded launcher gives every service it starts beside debtors. */
export interface EmbeddedServiceEnvironment {
  /** The embedded database (PGlite behind the PostgreSQL protocol): one log for every service. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly host: string;
  readonly logLevel: string;
  /** A port from the environment variable, else the default the generator chose. */
  port(variable: string, fallback: number): number;
}

export interface EmbeddedRunningService {
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

export interface EmbeddedService {
  readonly name: string;
  start(environment: EmbeddedServiceEnvironment): Promise<EmbeddedRunningService>;
}

/**
 * The services `npm start` runs besides debtors (which has its demo portfolio and its
 * scheduler, so main.ts starts it itself). `npm run generate:service` appends one entry
 * per new context, so a generated service is reachable in embedded mode at once.
 */
export const EMBEDDED_SERVICES: readonly EmbeddedService[] = [
  {
    name: 'contacts',
    start: (environment) =>
      startContactsService({
        database: environment.database,
        verifier: environment.verifier,
        masterKey: environment.masterKey,
        messaging: { kind: 'embedded' },
        singleConnection: true,
        http: { host: environment.host, port: environment.port('CONTACTS_HTTP_PORT', 3001) },
        grpc: { host: environment.host, port: environment.port('CONTACTS_GRPC_PORT', 50052) },
        logLevel: environment.logLevel,
      }),
  },
  // generate:service entries above this line
];
