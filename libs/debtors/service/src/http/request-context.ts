import type { Request, Response } from 'express';
import type { Principal } from '@collections/shared-auth';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Reply, RequestContext } from '../application/debtors.application';

/** What a use case needs from an HTTP request: who, which idempotency key, which trace. */
export function httpContext(principal: Principal, request: Request): RequestContext {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    principal,
    idempotencyKey: header('idempotency-key'),
    correlationId: header('x-correlation-id') ?? header('x-request-id') ?? (request as { id?: string }).id,
    traceparent: traceparentFor(header('traceparent')),
  };
}

/**
 * The trace a command continues: the span of this request when the process traces (the
 * HTTP/gRPC instrumentation made it, under the caller's traceparent), else the caller's
 * traceparent as it came.
 */
export function traceparentFor(callers: string | undefined): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) return `00-${span.traceId}-${span.spanId}-${span.traceFlags.toString(16).padStart(2, '0')}`;
  return callers;
}

/** A use case's reply as the HTTP answer: its status code on the response, its body returned to Nest. */
export function send<T>(res: Response, reply: Reply<T>): T {
  res.status(reply.statusCode);
  return reply.body;
}
