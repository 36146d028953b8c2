import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { DebtorsLedger } from '../ports/debtors-ledger';
import type { PaymentsWriter } from './payments-writer';

/** What the payments use cases' handlers are built from (the composition makes it once). */
export interface PaymentsDeps {
  readonly store: SqlEventStore;
  readonly writer: PaymentsWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly ledger: DebtorsLedger;
  readonly log: (line: string) => void;
}

/** Today's date in Brazil (São Paulo): the business date payments and charges are dated in. */
export function brazilDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
