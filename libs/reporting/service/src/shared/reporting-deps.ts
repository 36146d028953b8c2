import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { ReportingWriter } from './reporting-writer';

/** What the reporting use cases' handlers are built from (the composition makes it once). */
export interface ReportingDeps {
  readonly store: SqlEventStore;
  readonly writer: ReportingWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
}
