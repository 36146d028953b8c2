import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@collections/shared-auth';
import { SqlEventStore } from '@collections/shared-event-store';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(SqlEventStore) private readonly store: SqlEventStore) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers. */
  @Public()
  @Get('ready')
  async ready() {
    try {
      await this.store.driver.query('SELECT 1');
      return { status: 'ready' };
    } catch (error) {
      // The probe is public: the database's own words (host names, roles, versions) go to
      // the log, not to whoever asks.
      new Logger('ready').error(`database unavailable: ${(error as Error).message}`);
      throw new ServiceUnavailableException('database unavailable');
    }
  }
}
