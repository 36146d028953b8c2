/** The ways a debtor is reached. A voice step becomes a call task for an agent. */
export const CONTACT_CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'voice'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Which rule stopped or deferred a contact, and where the rule comes from: recorded in
 * the evidence events so an auditor can answer "why was this debtor not called".
 */
export interface RuleReference {
  readonly code: string;
  /** The legal source or the tenant's configuration, e.g. "Lei estadual SP 15.426/2014". */
  readonly article: string;
  readonly detail: string;
}
