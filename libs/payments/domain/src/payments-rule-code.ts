import { DomainRuleViolation } from '@collections/shared-kernel';

/**
 * The rules of the payments context a command can break. A refusal names one, so the
 * integrator (or the reconciliation clerk) sees why, and the log keeps the reason.
 */
export type PaymentsRuleCode =
  // charges
  | 'CHARGE_NOT_FOUND'
  | 'CHARGE_ALREADY_ISSUED'
  | 'CHARGE_ALREADY_PAID'
  | 'CHARGE_NOT_OPEN'
  | 'CHARGE_NOT_DUE'
  | 'NO_PIX_SETTINGS'
  | 'NO_BOLETO_AGREEMENT'
  | 'AMOUNT_ABOVE_BALANCE'
  | 'DEBTS_OF_SEVERAL_DEBTORS'
  // payments
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_ID_CONFLICT'
  | 'PAYMENT_NOT_POSITIVE'
  | 'PAYMENT_NOT_PARKED'
  | 'PAYMENT_ALREADY_REVERSED'
  | 'PAYMENT_DATE_IN_FUTURE'
  | 'REVERSAL_BEFORE_PAYMENT'
  | 'CURRENCY_MISMATCH'
  | 'DEBT_NOT_FOUND';

/** A refusal of the payments context: the code is checked against the list above. */
export class PaymentsRuleViolation extends DomainRuleViolation<PaymentsRuleCode> {}
