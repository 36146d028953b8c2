import type { PoolConfig } from 'pg';
import type { TokenVerifier } from '@collections/shared-auth';
import type { MasterKey } from '@collections/shared-pii';
// generate:service imports below this line
import { startEmbeddedContacts } from './embedded-contacts';
import { startEmbeddedNegotiation } from './embedded-negotiation';
import { startEmbeddedPayments } from './embedded-payments';
import { startEmbeddedLegal } from './embedded-legal';
import { startEmbeddedReporting } from './embedded-reporting';

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
  /** The debtors service's REST API (the directory other services read debtors from). */
  readonly debtorsUrl: string;
  /** A short-lived token of the platform's own services for a tenant, signed by the dev key (role `integrator` unless asked). */
  serviceToken(tenantId: string, role?: 'integrator' | 'auditor'): Promise<string>;
  /** Where each service may keep files (the embedded data folder). */
  readonly dataDir: string;
  readonly log: (line: string) => void;
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
    start: (environment) => startEmbeddedContacts(environment),
  },
  {
    name: 'negotiation',
    start: (environment) => startEmbeddedNegotiation(environment),
  },
  {
    name: 'payments',
    // its default ports are the ones agreed for it (3002 / 50053 are negotiation's)
    start: (environment) => startEmbeddedPayments(environment, { http: environment.port('PAYMENTS_HTTP_PORT', 3003), grpc: environment.port('PAYMENTS_GRPC_PORT', 50054) }),
  },
  {
    name: 'legal',
    start: (environment) => startEmbeddedLegal(environment, { http: environment.port('LEGAL_HTTP_PORT', 3004), grpc: environment.port('LEGAL_GRPC_PORT', 50055) }),
  },
  {
    name: 'reporting',
    // every context's events, read from the shared log; its demo is the other demos' events
    start: (environment) => startEmbeddedReporting(environment, { http: environment.port('REPORTING_HTTP_PORT', 3005), grpc: environment.port('REPORTING_GRPC_PORT', 50056) }),
  },
  // generate:service entries above this line
];
