import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import type { Options } from 'pino-http';

/**
 * pino-http options every service logs with: the request id the caller sent (else a new
 * one), the trace id of the active span (else the caller's W3C traceparent), and never
 * the bearer token.
 */
export function pinoHttpOptions(level: string): Options {
  return {
    level,
    genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
    // The trace id of the active span, else the caller's W3C traceparent header.
    customProps: (req: IncomingMessage) => {
      const span = trace.getActiveSpan()?.spanContext();
      if (span) return { traceId: span.traceId, spanId: span.spanId };
      const parent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-/.exec(String(req.headers['traceparent'] ?? ''));
      return parent ? { traceId: parent[1], parentSpanId: parent[2] } : {};
    },
    redact: ['req.headers.authorization'],
  };
}
