import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { trace } from '@opentelemetry/api';
import { Registry } from 'prom-client';
import { AuthModule, type TokenVerifier } from '@collections/shared-auth';
import { SqlEventStore } from '@collections/shared-event-store';
import { ProblemDetailsFilter, TypeOrmProjectionRunner, UntrustedInputGuard } from '@collections/shared-nest';
import { DebtorsApplication } from './application/debtors.application';
import { DebtorsGrpcController } from './grpc/debtors.grpc.controller';
import { AdminHttpController, AuditHttpController } from './http/audit.http.controller';
import { DebtorsHttpController } from './http/debtors.http.controller';
import { DebtsHttpController } from './http/debts.http.controller';
import { HealthController } from './http/health.controller';
import { ImportsHttpController } from './http/imports.http.controller';
import { MetricsController } from './http/metrics.controller';

export interface DebtorsModuleDeps {
  readonly verifier: TokenVerifier;
  readonly application: DebtorsApplication;
  readonly store: SqlEventStore;
  readonly projections: TypeOrmProjectionRunner;
  readonly logLevel: string;
  readonly metrics: Registry;
}

/** The debtors service: REST and gRPC controllers over one set of use cases. */
@Module({})
export class DebtorsModule {
  static register(deps: DebtorsModuleDeps): DynamicModule {
    return {
      module: DebtorsModule,
      imports: [
        AuthModule.forRoot({ verifier: deps.verifier }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: deps.logLevel,
            genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
            // The trace id of the active span, else the caller's W3C traceparent header.
            customProps: (req) => {
              const span = trace.getActiveSpan()?.spanContext();
              if (span) return { traceId: span.traceId, spanId: span.spanId };
              const parent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-/.exec(String(req.headers['traceparent'] ?? ''));
              return parent ? { traceId: parent[1], parentSpanId: parent[2] } : {};
            },
            redact: ['req.headers.authorization'],
          },
        }),
      ],
      controllers: [HealthController, MetricsController, DebtorsHttpController, DebtsHttpController, ImportsHttpController, AuditHttpController, AdminHttpController, DebtorsGrpcController],
      providers: [
        { provide: DebtorsApplication, useValue: deps.application },
        { provide: SqlEventStore, useValue: deps.store },
        { provide: TypeOrmProjectionRunner, useValue: deps.projections },
        { provide: Registry, useValue: deps.metrics },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useValue: new UntrustedInputGuard() },
      ],
    };
  }
}
