import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { LegalWriter } from './legal-writer';
import type { DebtDirectory } from '../ports/debt-directory';

/** What the legal use cases' handlers are built from (the composition makes it once). */
export interface LegalDeps {
  readonly store: SqlEventStore;
  readonly writer: LegalWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
  readonly directory: DebtDirectory;
}
