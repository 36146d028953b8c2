import type { Request } from 'express';
import type { Principal } from '@collections/shared-auth';
import { trace } from '@opentelemetry/api';
import type { RequestContext } from '../application/debtors.application';

/** What a use case needs from an HTTP request: who, which idempotency key, which trace. */
export function httpContext(principal: Principal, request: Request): RequestContext {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const span = trace.getActiveSpan()?.spanContext();
  return {
    principal,
    idempotencyKey: header('idempotency-key'),
    correlationId: header('x-correlation-id') ?? header('x-request-id') ?? (request as { id?: string }).id,
    traceparent: header('traceparent') ?? (span ? `00-${span.traceId}-${span.spanId}-01` : undefined),
  };
}
