import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { PaymentsRuleCode } from '@collections/payments-domain';

/** A payments use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, PaymentsRuleCode>;
