import { ROOT_CONTEXT, context, trace, type Context, type Span, SpanKind } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context across the log and Kafka: the traceparent of the command travels
 * in the event's metadata, then in the Kafka headers, and the consumer's span is its
 * child, in whatever process it runs.
 */
const propagator = new W3CTraceContextPropagator();
const getter = {
  get: (carrier: Record<string, string | undefined>, key: string) => carrier[key],
  keys: (carrier: Record<string, string | undefined>) => Object.keys(carrier),
};
const setter = {
  set: (carrier: Record<string, string>, key: string, value: string) => {
    carrier[key] = value;
  },
};

export const tracer = () => trace.getTracer('collections.messaging');

/** The traceparent/tracestate of the active span, to store in event metadata. */
export function currentTraceContext(active: Context = context.active()): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagator.inject(active, carrier, setter);
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

export function contextFromTraceparent(traceparent?: string, tracestate?: string): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, { traceparent, tracestate }, getter);
}

/** Runs `work` in a consumer span whose parent is the producer's trace context. */
export async function withConsumerSpan<T>(
  name: string,
  parent: { traceparent?: string; tracestate?: string },
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parentContext = contextFromTraceparent(parent.traceparent, parent.tracestate);
  return tracer().startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parentContext, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: 2, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
