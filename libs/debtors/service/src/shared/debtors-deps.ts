import type { SqlDriver, SqlEventStore } from '@collections/shared-event-store';
import type { IdGenerator } from '@collections/shared-kernel';
import type { BusinessCalendar } from './business-calendar';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { DebtorsWriter } from './debtors-writer';
import type { NaturalKeyIds } from './natural-key-ids';
import type { TaxIdClaims } from './tax-id-claims';
import type { PersonalDataProtector } from './personal-data';

/** What the debtors use cases' handlers are built from (composeDebtors makes it once). */
export interface DebtorsDeps {
  readonly store: SqlEventStore;
  /** The service's one pool, the event store's driver: the read models' queries and the deadlines. */
  readonly driver: SqlDriver;
  readonly protector: PersonalDataProtector;
  readonly writer: DebtorsWriter;
  readonly idempotency: CommandIdempotency;
  readonly calendar: BusinessCalendar;
  readonly ids: IdGenerator;
  /** Ids derived (keyed) from natural keys: the import's debtors, debts and contact points. */
  readonly naturalKeys: NaturalKeyIds;
  /** One debtor per tax id and tenant (blind-indexed claims). */
  readonly claims: TaxIdClaims;
}
