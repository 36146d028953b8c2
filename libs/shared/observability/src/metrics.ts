import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A service's own Prometheus registry with the process metrics (CPU, memory, event loop,
 * GC). Its own rather than prom-client's global one: two services started in one process
 * (embedded mode, tests) must not register the same metric twice.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
