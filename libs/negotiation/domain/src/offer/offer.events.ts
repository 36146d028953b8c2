import type { IsoDate, IsoInstant, TenantId } from '@collections/shared-kernel';
import type { OfferRole, OfferTerms } from './compute-offer';
import type { AcceptanceChannel } from './offer.commands';

// Events are facts, kept forever: plain JSON, past-tense names. Stream `offer-<offerId>`.

export interface OfferMade {
  readonly type: 'OfferMade';
  readonly data: {
    readonly offerId: string;
    readonly tenantId: TenantId;
    readonly debtorId: string;
    readonly debtIds: readonly string[];
    /** As computed: the policy version used, the balance as of the date, the schedule. */
    readonly terms: OfferTerms;
    readonly madeBy: OfferRole;
    readonly madeAt: IsoInstant;
  };
}

export interface OfferApprovalRequested {
  readonly type: 'OfferApprovalRequested';
  readonly data: { readonly offerId: string; readonly rule: 'DISCOUNT_NEEDS_APPROVAL'; readonly detail: string; readonly requestedAt: IsoInstant };
}

export interface OfferApproved {
  readonly type: 'OfferApproved';
  readonly data: { readonly offerId: string; readonly approvedAt: IsoInstant };
}

export interface OfferRejected {
  readonly type: 'OfferRejected';
  readonly data: { readonly offerId: string; readonly reason: string; readonly rejectedAt: IsoInstant };
}

export interface OfferAccepted {
  readonly type: 'OfferAccepted';
  readonly data: { readonly offerId: string; readonly channel: AcceptanceChannel; readonly acceptedOn: IsoDate; readonly acceptedAt: IsoInstant };
}

export interface OfferExpired {
  readonly type: 'OfferExpired';
  readonly data: { readonly offerId: string; readonly expiresOn: IsoDate; readonly expiredOn: IsoDate };
}

export type OfferEvent = OfferMade | OfferApprovalRequested | OfferApproved | OfferRejected | OfferAccepted | OfferExpired;
