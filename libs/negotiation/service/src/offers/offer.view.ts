import { loadAggregate, type EventStore } from '@collections/shared-event-store';
import type { OfferState, OfferTerms } from '@collections/negotiation-domain';
import { agreementIdOf, offerStream } from '../shared/ids';
import { offerAggregate } from '../shared/negotiation-writer';

/** An offer as the API shows it: its terms as computed (policy version, balance as of its date, schedule). */
export interface OfferView {
  /** null for a simulation: nothing was written. */
  readonly offerId: string | null;
  readonly status: 'simulated' | 'awaiting_approval' | 'open' | 'accepted' | 'rejected' | 'expired';
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  /** A simulation beyond the agent's limit: making it would wait for a supervisor. */
  readonly approvalRequired: boolean;
  readonly terms: OfferTerms;
  /** The agreement an accepted offer became. */
  readonly agreementId: string | null;
}

export function offerViewOf(state: OfferState, approvalRequired = false): OfferView | undefined {
  if (state.status === 'none') return undefined;
  return {
    offerId: state.offerId,
    status: state.status,
    debtorId: state.debtorId,
    debtIds: state.debtIds,
    approvalRequired: approvalRequired || state.status === 'awaiting_approval',
    terms: state.terms,
    agreementId: state.status === 'accepted' ? agreementIdOf(state.offerId) : null,
  };
}

export async function readOffer(store: EventStore, tenantId: string, offerId: string): Promise<OfferView | undefined> {
  const { state } = await loadAggregate(store, offerAggregate.decider, offerAggregate.codec, offerStream(offerId), { tenantId });
  return offerViewOf(state);
}
