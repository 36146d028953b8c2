import type { Request } from 'express';
import type { Metadata } from '@grpc/grpc-js';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Principal } from '@collections/shared-auth';
import type { IdGenerator } from '@collections/shared-kernel';

/**
 * What a use case needs to know about the call, whatever the transport: who, with which
 * idempotency key, under which correlation id and trace.
 */
export interface RequestContext {
  readonly principal: Principal;
  readonly idempotencyKey?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly traceparent?: string | undefined;
  /**
   * Ids for this attempt of an idempotent request (set by CommandIdempotency): derived
   * from the tenant, the key and the request, so that a retry after a failure mints the
   * same ids and the event store finds what the failed attempt appended.
   */
  readonly ids?: IdGenerator | undefined;
}

/** The context of an HTTP request (headers Idempotency-Key, X-Correlation-Id, traceparent). */
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
 * The context of a gRPC call: the idempotency key is a field of the request message when
 * the proto has one (proto3 sends "" for absent), else the `idempotency-key` metadata.
 */
export function grpcContext(principal: Principal, metadata: Metadata, idempotencyKey?: string): RequestContext {
  const meta = (name: string) => metadata.get(name)[0]?.toString();
  return {
    principal,
    idempotencyKey: idempotencyKey !== undefined && idempotencyKey !== '' ? idempotencyKey : meta('idempotency-key'),
    correlationId: meta('x-correlation-id'),
    traceparent: traceparentFor(meta('traceparent')),
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
