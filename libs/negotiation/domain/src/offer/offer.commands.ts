import type { Money } from '@collections/shared-kernel';
import type { NegotiationBucket, NegotiationPolicy } from '../policy/negotiation-policy';
import type { BalanceAsOf, OfferRequest, OfferRole } from './compute-offer';

// Commands carry raw input from a transport; the decider validates it. Time (`now`) and
// ids come in the command; so do the balance as of the offer date (from the debtors
// context) and the tenant's policy in force (the service loads both).

interface OfferCommandBase {
  readonly offerId: string;
  readonly now: string;
  /** Who asks (user id, `debtor:<id>` on the self-service page, `system:<component>`): goes to the envelope. */
  readonly actor: string;
}

export interface MakeOffer extends OfferCommandBase {
  readonly type: 'MakeOffer';
  readonly tenantId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly balance: BalanceAsOf;
  readonly asOf: string;
  readonly bucket: NegotiationBucket;
  readonly segment: string;
  readonly policy: NegotiationPolicy;
  readonly request: OfferRequest;
  readonly declaredIncome?: Money;
  readonly overIndebted?: boolean;
  readonly role: OfferRole;
}

/** A supervisor's decision on an offer that needed one. */
export interface ApproveOffer extends OfferCommandBase {
  readonly type: 'ApproveOffer';
  readonly approverRole: OfferRole;
}

export interface RejectOffer extends OfferCommandBase {
  readonly type: 'RejectOffer';
  readonly approverRole: OfferRole;
  readonly reason: string;
}

export type AcceptanceChannel = 'agent' | 'self-service' | 'api';

export interface AcceptOffer extends OfferCommandBase {
  readonly type: 'AcceptOffer';
  readonly channel: AcceptanceChannel;
  /** The debtor's business date of the acceptance, compared with the offer's last valid day. */
  readonly acceptedOn: string;
}

/** The deadline scheduled for the day after the offer's last valid day. */
export interface ExpireOffer extends OfferCommandBase {
  readonly type: 'ExpireOffer';
  readonly asOf: string;
}

export type OfferCommand = MakeOffer | ApproveOffer | RejectOffer | AcceptOffer | ExpireOffer;
