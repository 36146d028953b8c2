/**
 * Why a contact was not allowed, in words an auditor can check: the code a report groups by,
 * the article of law (or the policy) behind it, and the facts of this case. It is what the
 * contacts service records as evidence when a step is deferred or blocked.
 */
export type ContactRuleCode =
  | 'OUTSIDE_CONTACT_HOURS'
  | 'SUNDAY'
  | 'HOLIDAY'
  | 'FREQUENCY_CAP'
  | 'REG_F_CALL_CAP'
  | 'REG_F_AFTER_CONVERSATION'
  | 'OPTED_OUT'
  | 'NO_CONSENT';

export interface ContactRule {
  readonly code: ContactRuleCode;
  readonly article: string;
  readonly detail: string;
}

export const CHANNELS = ['email', 'sms', 'whatsapp', 'voice', 'letter'] as const;
export type ContactChannel = (typeof CHANNELS)[number];
