import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { ContactsWriter } from './contacts-writer';

/** What the contacts use cases' handlers are built from (the composition makes it once). */
export interface ContactsDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
}
