import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the legal context a command can break (see DomainRuleViolation). */
export type LegalRuleCode =
  | 'LEGAL_NOTICE_PERIOD_BELOW_MINIMUM'
  | 'LEGAL_POLICY_NOT_SET'
  | 'LEGAL_POLICY_SEGMENT_INVALID'
  | 'LEGAL_ESCALATION_UNKNOWN'
  | 'LEGAL_NOTICE_UNKNOWN'
  | 'LEGAL_NOTICE_MISSING'
  | 'LEGAL_NOTICE_PERIOD_RUNNING'
  | 'LEGAL_DEBT_OLDER_THAN_FIVE_YEARS'
  | 'LEGAL_DEBT_IN_AGREEMENT'
  | 'LEGAL_DEBT_IN_DISPUTE'
  | 'LEGAL_DEBT_ON_HOLD'
  | 'LEGAL_DEBT_SETTLED'
  | 'LEGAL_DEBT_WRITTEN_OFF'
  | 'LEGAL_DEBT_NOT_OVERDUE'
  | 'LEGAL_ALREADY_LISTED'
  | 'LEGAL_BUREAU_NOT_REQUESTED'
  | 'LEGAL_BUREAU_ANSWER_INVALID'
  | 'LEGAL_PROTEST_DISABLED'
  | 'LEGAL_PROTEST_NOT_REQUESTED'
  | 'LEGAL_PROTEST_PERIOD_RUNNING'
  | 'LEGAL_ALREADY_HANDED_OFF';

/**
 * The article behind each rule that stops or defers a step: what an auditor reads in the
 * evidence event ("why was this debt not listed?").
 */
export const LEGAL_RULE_ARTICLES: Readonly<Partial<Record<LegalRuleCode, string>>> = {
  LEGAL_NOTICE_PERIOD_BELOW_MINIMUM: "CDC art. 43 §2 (the tenant's configured legal minimum)",
  LEGAL_NOTICE_MISSING: 'CDC art. 43 §2 (prior written notice)',
  LEGAL_NOTICE_PERIOD_RUNNING: 'CDC art. 43 §2 (listing only after the notice period)',
  LEGAL_DEBT_OLDER_THAN_FIVE_YEARS: 'CDC art. 43 §1 and §5 (no negative record older than 5 years)',
  LEGAL_DEBT_IN_AGREEMENT: 'CDC art. 43 §3 (the record must be exact: the debt was renegotiated)',
  LEGAL_DEBT_IN_DISPUTE: 'CDC art. 43 §3 (the debt is disputed)',
  LEGAL_DEBT_ON_HOLD: "a hold placed in the contacts context suspends collection (death, bankruptcy: Lei 11.101/2005 art. 6, dispute, agreement, or the creditor's own)",
  LEGAL_DEBT_SETTLED: 'STJ Súmula 548 (a paid debt is not listed; a listed one is removed)',
  LEGAL_DEBT_WRITTEN_OFF: 'creditor policy (a written-off debt is no longer collected)',
  LEGAL_DEBT_NOT_OVERDUE: 'CDC art. 43 (only an overdue debt is a negative record)',
  LEGAL_BUREAU_ANSWER_INVALID: 'CDC art. 43 §2 and §3 (a listing is recorded only with the bureau protocol)',
  LEGAL_PROTEST_PERIOD_RUNNING: 'Lei 9.492/97 art. 12 (3 business days after the notary notice)',
};

export const articleOf = (code: LegalRuleCode): string => LEGAL_RULE_ARTICLES[code] ?? 'legal context rule';

/** A refusal of the legal context: the code is checked against the list above. */
export class LegalRuleViolation extends DomainRuleViolation<LegalRuleCode> {}
