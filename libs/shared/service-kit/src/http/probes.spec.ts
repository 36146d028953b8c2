import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

describe('the public probes', () => {
  it('answers /ready with 503 and no word of the database error when the database is down', async () => {
    const down = { driver: { query: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.4.7:5432 (role collections_runtime)')) } } as unknown as SqlEventStore;
    const error: unknown = await new HealthController(down).ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect(JSON.stringify((error as ServiceUnavailableException).getResponse())).not.toMatch(/10\.0\.4\.7|collections_runtime|ECONNREFUSED/);
  });

  it('answers /metrics to anyone without a metrics token, and only to the scraper that sends it with one', async () => {
    const registry = new Registry();
    await expect(new MetricsController(registry).metrics(undefined)).resolves.toBe('\n');
    const guarded = new MetricsController(registry, 's3cret-scraper-token');
    await expect(guarded.metrics(undefined)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guarded.metrics('Bearer wrong-token-of-same-len')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guarded.metrics('Bearer s3cret-scraper-token')).resolves.toBe('\n');
  });
});
