import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the contacts context a command can break (see DomainRuleViolation). */
export type ContactsRuleCode = 'CONTACTS_ALREADY_OPENED' | 'CONTACTS_NOT_OPENED' | 'CONTACTS_ALREADY_CLOSED';

/** A refusal of the contacts context: the code is checked against the list above. */
export class ContactsRuleViolation extends DomainRuleViolation<ContactsRuleCode> {}
