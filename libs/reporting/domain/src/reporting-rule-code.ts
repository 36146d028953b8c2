import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the reporting context a command can break (see DomainRuleViolation). */
export type ReportingRuleCode = 'REPORTING_ALREADY_OPENED' | 'REPORTING_NOT_OPENED' | 'REPORTING_ALREADY_CLOSED';

/** A refusal of the reporting context: the code is checked against the list above. */
export class ReportingRuleViolation extends DomainRuleViolation<ReportingRuleCode> {}
