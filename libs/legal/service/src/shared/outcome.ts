import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { LegalRuleCode } from '@collections/legal-domain';

/** A legal use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, LegalRuleCode>;
