import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { AuthModule, type TokenVerifier } from '@collections/shared-auth';
import { SqlEventStore } from '@collections/shared-event-store';
import { ProblemDetailsFilter, UntrustedInputGuard } from '@collections/shared-nest';
import { pinoHttpOptions } from '@collections/shared-observability';
import { HealthController } from './http/health.controller';
import { METRICS_TOKEN, MetricsController } from './http/metrics.controller';

export interface ServiceKitModuleOptions {
  readonly verifier: TokenVerifier;
  readonly store: SqlEventStore;
  readonly metrics: Registry;
  readonly logLevel: string;
  /** The service's own controllers (REST and gRPC) and what they inject. */
  readonly controllers: readonly Type[];
  readonly providers: readonly Provider[];
  /** When set, /metrics answers only a scraper that sends it as a bearer token. */
  readonly metricsToken?: string | undefined;
}

/**
 * What every service's Nest application has: JWT auth on every route unless @Public,
 * pino with trace ids, problem+json errors, /health, /ready and /metrics; plus the
 * service's own controllers.
 */
@Module({})
export class ServiceKitModule {
  static register(options: ServiceKitModuleOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [AuthModule.forRoot({ verifier: options.verifier }), LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(options.logLevel) })],
      controllers: [HealthController, MetricsController, ...options.controllers],
      providers: [
        { provide: SqlEventStore, useValue: options.store },
        { provide: Registry, useValue: options.metrics },
        ...(options.metricsToken !== undefined ? [{ provide: METRICS_TOKEN, useValue: options.metricsToken }] : []),
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // the one input edge of every route, REST and gRPC (after authentication)
        { provide: APP_GUARD, useValue: new UntrustedInputGuard() },
        ...options.providers,
      ],
    };
  }
}
