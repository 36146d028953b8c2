import type { IncomingMessage } from 'node:http';
import { createMetricsRegistry } from './metrics';
import { pinoHttpOptions } from './logger';

describe('observability', () => {
  it('logs the caller’s trace id when no span is active, and never the bearer token', () => {
    const options = pinoHttpOptions('info');
    const request = { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } } as unknown as IncomingMessage;
    const customProps = options.customProps as (req: IncomingMessage) => Record<string, string>;
    expect(customProps(request)).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331' });
    expect(options.redact).toEqual(['req.headers.authorization']);
  });

  it('gives each service its own registry with the process metrics', async () => {
    const a = createMetricsRegistry();
    const b = createMetricsRegistry();
    expect(a).not.toBe(b);
    expect(await a.metrics()).toMatch(/process_cpu_user_seconds_total/);
  });
});
