import { ROOT_CONTEXT, context as otelContext, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context in and out of event metadata and Kafka headers: the traceparent of
 * the command travels with its events, and whoever handles them later, in any process,
 * continues the same trace.
 */
const propagator = new W3CTraceContextPropagator();

/** The traceparent/tracestate of a context (default: the active one), to store with events. */
export function currentTraceContext(active: Context = otelContext.active()): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagator.inject(active, carrier, { set: (c, k, v) => void (c[k] = v) });
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

/** The context a traceparent stands for (the root context when there is none). */
export function contextFromTraceparent(traceparent?: string, tracestate?: string): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent, ...(tracestate ? { tracestate } : {}) };
  return propagator.extract(ROOT_CONTEXT, carrier, { get: (c, k) => c[k], keys: (c) => Object.keys(c) });
}
