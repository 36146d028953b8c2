/**
 * Which rule stopped or deferred a contact, and where the rule comes from: recorded in
 * the evidence events so an auditor can answer "why was this debtor not called". The
 * compliance policy's rules (`ContactRule`) are of this shape; the service adds its own
 * (no contact point, no template, creditor not identified).
 */
export interface RuleReference {
  readonly code: string;
  /** The legal source or the tenant's configuration, e.g. "Lei estadual SP 15.426/2014". */
  readonly article: string;
  readonly detail: string;
}
