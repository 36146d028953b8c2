import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the legal context a command can break (see DomainRuleViolation). */
export type LegalRuleCode = 'LEGAL_ALREADY_OPENED' | 'LEGAL_NOT_OPENED' | 'LEGAL_ALREADY_CLOSED';

/** A refusal of the legal context: the code is checked against the list above. */
export class LegalRuleViolation extends DomainRuleViolation<LegalRuleCode> {}
