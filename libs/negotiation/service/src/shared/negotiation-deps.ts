import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { DebtBalances } from '../ports/debt-balances';
import type { NegotiationWriter } from './negotiation-writer';

/** What the negotiation use cases' handlers are built from (the composition makes it once). */
export interface NegotiationDeps {
  readonly store: SqlEventStore;
  readonly writer: NegotiationWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly balances: DebtBalances;
  readonly log: (line: string) => void;
}
