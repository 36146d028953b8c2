import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the debtors context a command can break (see DomainRuleViolation). */
export type DebtorsRuleCode =
  | 'DEBTOR_ALREADY_REGISTERED'
  | 'DEBTOR_NOT_REGISTERED'
  | 'DEBTOR_ERASED'
  | 'CONTACT_POINT_NOT_FOUND'
  | 'DEBT_ALREADY_REGISTERED'
  | 'DEBT_NOT_REGISTERED'
  | 'DEBT_ALREADY_SETTLED'
  | 'DEBT_WRITTEN_OFF'
  | 'DEBT_DISPUTED'
  | 'DEBT_NOT_DISPUTED'
  | 'DEBT_IN_AGREEMENT'
  | 'DEBT_NOT_IN_AGREEMENT'
  | 'DEBT_NOT_PAST_DUE'
  | 'PAYMENT_NOT_RECORDED';

/** A refusal of the debtors context: the code is checked against the list above. */
export class DebtorsRuleViolation extends DomainRuleViolation<DebtorsRuleCode> {}
