import { DomainRuleViolation } from '@collections/shared-kernel';

/**
 * The rules of the negotiation context an offer or a command can break. A refused offer
 * names one of them, so the agent (or the debtor on the self-service page) sees why, and
 * the log keeps the reason.
 */
export type NegotiationRuleCode =
  // computing an offer
  | 'NO_POLICY_FOR_BUCKET'
  | 'CURRENCY_MISMATCH'
  | 'NOTHING_OWED'
  | 'DISCOUNT_OF_THE_WHOLE_BALANCE'
  | 'DISCOUNT_ABOVE_POLICY'
  | 'DISCOUNT_NEEDS_APPROVAL'
  | 'PRINCIPAL_DISCOUNT_NOT_ALLOWED'
  | 'INSTALLMENTS_ABOVE_MAXIMUM'
  | 'INSTALLMENT_BELOW_MINIMUM'
  | 'DOWN_PAYMENT_BELOW_MINIMUM'
  | 'DOWN_PAYMENT_ABOVE_TOTAL'
  | 'INSTALLMENT_ABOVE_AFFORDABILITY'
  | 'MINIMUM_INCOME_NOT_PRESERVED'
  | 'FIRST_DUE_DATE_BEFORE_OFFER_DATE'
  // the debt as the debtors context knows it, and the tenant's configuration
  | 'DEBT_NOT_NEGOTIABLE'
  | 'NO_POLICY'
  // offer lifecycle
  | 'OFFER_ALREADY_MADE'
  | 'OFFER_NOT_MADE'
  | 'OFFER_EXPIRED'
  | 'OFFER_REJECTED'
  | 'OFFER_ALREADY_ACCEPTED'
  | 'OFFER_AWAITING_APPROVAL'
  | 'OFFER_NOT_AWAITING_APPROVAL'
  | 'APPROVER_NOT_SUPERVISOR'
  // agreement lifecycle
  | 'AGREEMENT_ALREADY_ENTERED'
  | 'AGREEMENT_NOT_ENTERED'
  | 'AGREEMENT_ENDED'
  | 'INSTALLMENT_NOT_FOUND'
  | 'INSTALLMENT_ALREADY_PAID'
  | 'RENEGOTIATION_LIMIT_REACHED';

/** A refusal of the negotiation context: the code is checked against the list above. */
export class NegotiationRuleViolation extends DomainRuleViolation<NegotiationRuleCode> {}
