import {
  TenantId,
  ValidationError,
  assertNever,
  parseIsoDate,
  parseIsoInstant,
  parseOneOf,
  parsePastOrPresentDate,
  parseText,
  parseUuid,
  validateAll,
  type Decider,
  type IsoDate,
} from '@collections/shared-kernel';
import { NegotiationRuleViolation } from '../negotiation-rule-code';
import { NEGOTIATION_BUCKETS } from '../policy/negotiation-policy';
import { computeOffer, type OfferTerms } from './compute-offer';
import type { AcceptOffer, ApproveOffer, ExpireOffer, MakeOffer, OfferCommand, RejectOffer } from './offer.commands';
import type { OfferEvent, OfferMade } from './offer.events';

export type OfferStatus = 'awaiting_approval' | 'open' | 'accepted' | 'rejected' | 'expired';

export interface MadeOffer {
  readonly status: OfferStatus;
  readonly offerId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly terms: OfferTerms;
}

export type OfferState = { readonly status: 'none' } | MadeOffer;

export const initialOfferState = (): OfferState => ({ status: 'none' });

const ROLES = ['agent', 'supervisor', 'self-service'] as const;
const MAX_DEBTS = 200; // as the AgreementEntered contract allows

function requireMade(state: OfferState): MadeOffer {
  if (state.status === 'none') throw new NegotiationRuleViolation('OFFER_NOT_MADE', 'no offer was made under this id');
  return state;
}

function stamp(command: OfferCommand): string {
  const { now } = validateAll({ now: () => parseIsoInstant(command.now, 'now'), actor: () => parseText(command.actor, 'actor', { max: 200 }) });
  return now;
}

/** Refuses any decision on an offer that is already closed, naming why. */
function refuseClosed(offer: MadeOffer): void {
  switch (offer.status) {
    case 'accepted':
      throw new NegotiationRuleViolation('OFFER_ALREADY_ACCEPTED', `offer ${offer.offerId} was already accepted`);
    case 'rejected':
      throw new NegotiationRuleViolation('OFFER_REJECTED', `offer ${offer.offerId} was rejected by a supervisor`);
    case 'expired':
      throw new NegotiationRuleViolation('OFFER_EXPIRED', `offer ${offer.offerId} expired after ${offer.terms.expiresOn}`);
    case 'open':
    case 'awaiting_approval':
      return;
    default:
      assertNever(offer.status, 'offer status');
  }
}

function refuseAfterValidity(offer: MadeOffer, on: IsoDate): void {
  if (on > offer.terms.expiresOn) throw new NegotiationRuleViolation('OFFER_EXPIRED', `offer ${offer.offerId} was valid until ${offer.terms.expiresOn}`);
}

function makeOffer(command: MakeOffer, state: OfferState): OfferEvent[] {
  if (state.status !== 'none') throw new NegotiationRuleViolation('OFFER_ALREADY_MADE', `offer ${command.offerId} was already made`);
  const now = stamp(command);
  const input = validateAll({
    offerId: () => parseUuid(command.offerId, 'offerId'),
    tenantId: () => {
      const tenantId = TenantId.parse(command.tenantId);
      if (command.policy.tenantId !== tenantId) throw ValidationError.of('policy.tenantId', `must be the offer's tenant ${tenantId}`);
      return tenantId;
    },
    debtorId: () => parseUuid(command.debtorId, 'debtorId'),
    debtIds: () => {
      if (!Array.isArray(command.debtIds) || command.debtIds.length === 0 || command.debtIds.length > MAX_DEBTS) {
        throw ValidationError.of('debtIds', `must list 1 to ${MAX_DEBTS} debts`);
      }
      const ids = command.debtIds.map((id, index) => parseUuid(id, `debtIds[${index}]`));
      if (new Set(ids).size !== ids.length) throw ValidationError.of('debtIds', 'must not list a debt twice');
      return ids;
    },
    asOf: () => parsePastOrPresentDate(command.asOf, 'asOf', now),
    bucket: () => parseOneOf(command.bucket, 'bucket', NEGOTIATION_BUCKETS),
    segment: () => parseText(command.segment, 'segment', { max: 50 }),
    role: () => parseOneOf(command.role, 'role', ROLES),
  });
  const computed = computeOffer({
    balance: command.balance,
    asOf: input.asOf,
    bucket: input.bucket,
    segment: input.segment,
    policy: command.policy,
    request: command.request,
    role: input.role,
    ...(command.declaredIncome === undefined ? {} : { declaredIncome: command.declaredIncome }),
    ...(command.overIndebted === undefined ? {} : { overIndebted: command.overIndebted }),
  });
  if (computed.outcome === 'refused') throw new NegotiationRuleViolation(computed.rule, computed.detail);
  const made: OfferMade = {
    type: 'OfferMade',
    data: { offerId: input.offerId, tenantId: input.tenantId, debtorId: input.debtorId, debtIds: input.debtIds, terms: computed.terms, madeBy: input.role, madeAt: now },
  };
  if (!computed.approval.required) return [made];
  return [made, { type: 'OfferApprovalRequested', data: { offerId: input.offerId, rule: computed.approval.rule, detail: computed.approval.detail, requestedAt: now } }];
}

function decideApproval(command: ApproveOffer | RejectOffer, state: OfferState): OfferEvent[] {
  const offer = requireMade(state);
  const now = stamp(command);
  const role = parseOneOf(command.approverRole, 'approverRole', ROLES);
  const reason = command.type === 'RejectOffer' ? parseText(command.reason, 'reason', { max: 500 }) : '';
  refuseClosed(offer);
  if (offer.status !== 'awaiting_approval') throw new NegotiationRuleViolation('OFFER_NOT_AWAITING_APPROVAL', `offer ${offer.offerId} needs no approval`);
  if (role !== 'supervisor') throw new NegotiationRuleViolation('APPROVER_NOT_SUPERVISOR', 'only a supervisor decides on a discount beyond the agent limit');
  if (command.type === 'RejectOffer') return [{ type: 'OfferRejected', data: { offerId: offer.offerId, reason, rejectedAt: now } }];
  // Not checked against the validity here: `now` is UTC, the validity a local date; an
  // offer approved too late cannot be accepted anyway, and its deadline expires it.
  return [{ type: 'OfferApproved', data: { offerId: offer.offerId, approvedAt: now } }];
}

function acceptOffer(command: AcceptOffer, state: OfferState): OfferEvent[] {
  const offer = requireMade(state);
  const now = stamp(command);
  const { channel, acceptedOn } = validateAll({
    channel: () => parseOneOf(command.channel, 'channel', ['agent', 'self-service', 'api'] as const),
    acceptedOn: () => parsePastOrPresentDate(command.acceptedOn, 'acceptedOn', now),
  });
  refuseClosed(offer);
  refuseAfterValidity(offer, acceptedOn);
  if (offer.status === 'awaiting_approval') throw new NegotiationRuleViolation('OFFER_AWAITING_APPROVAL', `offer ${offer.offerId} awaits a supervisor's approval`);
  return [{ type: 'OfferAccepted', data: { offerId: offer.offerId, channel, acceptedOn, acceptedAt: now } }];
}

/**
 * The validity deadline. It may fire late or twice: once the offer is closed, or before
 * its last valid day has passed, it changes nothing.
 */
function expireOffer(command: ExpireOffer, state: OfferState): OfferEvent[] {
  const offer = requireMade(state);
  stamp(command);
  const asOf = parseIsoDate(command.asOf, 'asOf');
  if (offer.status !== 'open' && offer.status !== 'awaiting_approval') return [];
  if (asOf <= offer.terms.expiresOn) return [];
  return [{ type: 'OfferExpired', data: { offerId: offer.offerId, expiresOn: offer.terms.expiresOn, expiredOn: asOf } }];
}

function decideOffer(command: OfferCommand, state: OfferState): OfferEvent[] {
  switch (command.type) {
    case 'MakeOffer':
      return makeOffer(command, state);
    case 'ApproveOffer':
    case 'RejectOffer':
      return decideApproval(command, state);
    case 'AcceptOffer':
      return acceptOffer(command, state);
    case 'ExpireOffer':
      return expireOffer(command, state);
    default:
      return assertNever(command, 'offer command');
  }
}

function evolveOffer(state: OfferState, event: OfferEvent): OfferState {
  switch (event.type) {
    case 'OfferMade': {
      const { offerId, debtorId, debtIds, terms } = event.data;
      return { status: 'open', offerId, debtorId, debtIds, terms };
    }
    case 'OfferApprovalRequested':
      return { ...requireMade(state), status: 'awaiting_approval' };
    case 'OfferApproved':
      return { ...requireMade(state), status: 'open' };
    case 'OfferRejected':
      return { ...requireMade(state), status: 'rejected' };
    case 'OfferAccepted':
      return { ...requireMade(state), status: 'accepted' };
    case 'OfferExpired':
      return { ...requireMade(state), status: 'expired' };
    default:
      return assertNever(event, 'offer event');
  }
}

/** One offer (proposta), stream `offer-<offerId>`. */
export const offerDecider: Decider<OfferState, OfferCommand, OfferEvent> = {
  decide: decideOffer,
  evolve: evolveOffer,
  initialState: initialOfferState,
};
