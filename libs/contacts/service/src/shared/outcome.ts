import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { ContactsRuleCode } from '@collections/contacts-domain';

/** A contacts use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, ContactsRuleCode>;
