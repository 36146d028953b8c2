import type { IsoInstant } from '@collections/shared-kernel';
import type { ContactChannel, RuleReference } from '@collections/contacts-domain';

/** A contact already made to the debtor (any of their debts), for the frequency caps. */
export interface PastContact {
  readonly at: IsoInstant;
  readonly channel: ContactChannel;
  readonly debtId: string;
  /** A telephone conversation with the debtor about the debt (US Reg F counts these). */
  readonly conversation: boolean;
}

export interface ContactQuestion {
  readonly at: IsoInstant;
  /** The debtor's UF (or `US` for the US profile) and IANA zone. */
  readonly state: string;
  readonly timeZone: string;
  readonly channel: ContactChannel;
  readonly debtId: string;
  readonly history: readonly PastContact[];
  readonly contactPoint: { readonly optedOut: boolean; readonly consent: boolean };
}

export type ContactDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'deferred'; readonly until: IsoInstant; readonly rule: RuleReference }
  | { readonly kind: 'blocked'; readonly rule: RuleReference };

/** May this contact be made now? The compliance policy of the contacts domain, as a port. */
export type ContactPolicy = (question: ContactQuestion) => ContactDecision;
