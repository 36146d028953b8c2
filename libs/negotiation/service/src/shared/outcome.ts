import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { NegotiationRuleCode } from '@collections/negotiation-domain';

/** A negotiation use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, NegotiationRuleCode>;
