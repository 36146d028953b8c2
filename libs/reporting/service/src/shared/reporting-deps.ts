import type { TokenVerifier } from '@collections/shared-auth';
import type { SqlDriver, SqlEventStore } from '@collections/shared-event-store';
import type { Clock } from '@collections/shared-kernel';

/** What the reporting use cases are built from (the composition makes it once). */
export interface ReportingDeps {
  readonly store: SqlEventStore;
  readonly driver: SqlDriver;
  readonly clock: Clock;
  /** The kit's JWT verifier: the dashboard's sign-in checks the pasted token with it. */
  readonly verifier: TokenVerifier;
}
