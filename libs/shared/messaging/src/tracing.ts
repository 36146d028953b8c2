import { trace, type Span, SpanKind } from '@opentelemetry/api';
import { contextFromTraceparent } from '@collections/shared-event-store';

export { contextFromTraceparent, currentTraceContext } from '@collections/shared-event-store';

export const tracer = () => trace.getTracer('collections.messaging');

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
