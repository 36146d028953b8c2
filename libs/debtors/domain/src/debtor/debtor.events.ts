import type { Money, TaxId, TenantId } from '@collections/shared-kernel';
import type { IsoInstant } from '@collections/shared-kernel';
import type { BrazilianState } from './brazilian-state';
import type { ContactConsent, ContactPoint } from './contact-point';

// Events are facts, kept forever and never rewritten: plain JSON data, past-tense names.
// Who caused each one (`actor`) travels in the event envelope, added by the handler.

export interface DebtorRegistered {
  readonly type: 'DebtorRegistered';
  readonly data: {
    readonly debtorId: string;
    readonly tenantId: TenantId;
    readonly taxId: TaxId;
    readonly name: string;
    readonly contactPoints: readonly ContactPoint[];
    readonly state: BrazilianState;
    /** IANA name: contact-hour rules are judged in the debtor's local time. */
    readonly timeZone: string;
    /** Feeds the affordability guide (installments at most 30% of income, Lei 14.181/2021). */
    readonly declaredMonthlyIncome: Money | null;
    readonly registeredAt: IsoInstant;
  };
}

export interface DebtorContactPointsUpdated {
  readonly type: 'DebtorContactPointsUpdated';
  readonly data: {
    readonly debtorId: string;
    /** The whole new set (it replaces the previous one). */
    readonly contactPoints: readonly ContactPoint[];
    readonly updatedAt: IsoInstant;
  };
}

export interface ContactConsentRecorded {
  readonly type: 'ContactConsentRecorded';
  readonly data: {
    readonly debtorId: string;
    readonly contactPointId: string;
    readonly consent: ContactConsent;
    readonly recordedAt: IsoInstant;
  };
}

export interface ContactOptedOut {
  readonly type: 'ContactOptedOut';
  readonly data: {
    readonly debtorId: string;
    readonly contactPointId: string;
    /** Verbatim: "pare de me ligar" counts as much as "STOP". */
    readonly reason: string;
    readonly optedOutAt: IsoInstant;
  };
}

export interface DebtorErasureRequested {
  readonly type: 'DebtorErasureRequested';
  readonly data: {
    readonly debtorId: string;
    readonly requestedAt: IsoInstant;
  };
}

export type DebtorEvent =
  | DebtorRegistered
  | DebtorContactPointsUpdated
  | ContactConsentRecorded
  | ContactOptedOut
  | DebtorErasureRequested;

/**
 * Where personal data sits inside each event's `data`, as paths relative to `data`
 * (`a.b`; `list[*].field` for every element of a list). The infrastructure encrypts
 * these with the debtor's key before appending, and erasure (LGPD art. 18) destroys
 * the key: the log, its hash chain and the non-personal facts stay intact. The decider
 * itself sees plaintext. Not listed on purpose: ids, consent flags, dates, and the
 * state (UF) and time zone, which contact-hour policies must read without the key.
 */
export const DEBTOR_PERSONAL_DATA_FIELDS = {
  DebtorRegistered: ['taxId.value', 'name', 'contactPoints[*].value', 'contactPoints[*].optOutReason', 'declaredMonthlyIncome'],
  DebtorContactPointsUpdated: ['contactPoints[*].value', 'contactPoints[*].optOutReason'],
  ContactConsentRecorded: [],
  ContactOptedOut: ['reason'],
  DebtorErasureRequested: [],
} as const satisfies Record<DebtorEvent['type'], readonly string[]>;
