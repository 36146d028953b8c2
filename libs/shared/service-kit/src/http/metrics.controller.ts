import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Inject, Optional, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '@collections/shared-auth';

/** Provider token: the bearer token the scraper must send, or undefined for an open endpoint. */
export const METRICS_TOKEN = 'collections.metrics-token';

/**
 * Prometheus scrape endpoint (process metrics and the service's own counters). Open by
 * default (a scraper on the cluster's private network); with a metrics token configured,
 * only a scraper that sends it is answered. It is not a user's JWT: Prometheus holds one
 * static secret.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    @Inject(Registry) private readonly registry: Registry,
    @Optional() @Inject(METRICS_TOKEN) private readonly token?: string,
  ) {}

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.token !== undefined) {
      const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
      const expected = Buffer.from(this.token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedException('a metrics token is required');
    }
    return this.registry.metrics();
  }
}
