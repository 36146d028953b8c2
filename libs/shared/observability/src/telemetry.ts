/**
 * OpenTelemetry tracing for the process, with the OpenTelemetry Node SDK. A service's
 * main.ts imports a module calling `startTelemetry` FIRST, so that the HTTP, gRPC and pg
 * instrumentations are in place before NestJS loads `http`, `@grpc/grpc-js` and `pg`.
 * That is why this file is its own entry point (`@collections/shared-observability-telemetry`):
 * the package's index also loads prom-client, which loads `http`.
 *
 * Off unless an exporter is configured with the standard variables
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
 * `OTEL_TRACES_EXPORTER`); the SDK then reads the rest from the environment (protocol,
 * headers, sampler, `OTEL_SERVICE_NAME`, resource attributes). Spans: one per incoming
 * HTTP request and gRPC call, with the command spans of the event store and the
 * PostgreSQL queries (node-postgres) under it; the events carry the command's context
 * on to Kafka consumers. Metrics stay on /metrics (Prometheus, prom-client); logs on
 * stdout (pino, with the trace id).
 */
import type { IncomingMessage } from 'node:http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

const NOT_TRACED = /^\/(health|ready|metrics)(\/|\?|$)/;

/**
 * Starts tracing when an exporter is configured; returns the SDK (to flush the spans on
 * shutdown) or undefined when tracing is off.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeSDK | undefined {
  const exporterConfigured =
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) ||
    (env['OTEL_TRACES_EXPORTER'] !== undefined && env['OTEL_TRACES_EXPORTER'] !== 'none');
  if (!exporterConfigured || env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? serviceName,
    instrumentations: [
      // probes and scrapes every few seconds would drown the traces that matter
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => NOT_TRACED.test(request.url ?? '') }),
      new GrpcInstrumentation(),
      // PostgreSQL queries made for a request or a command; not the relay's and the
      // projections' polling, which has no parent span and would flood the traces
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
