import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { DebtorsRuleCode } from '@collections/debtors-domain';

/** A debtors use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, DebtorsRuleCode>;
