import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { ReportingRuleCode } from '@collections/reporting-domain';

/** A reporting use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, ReportingRuleCode>;
