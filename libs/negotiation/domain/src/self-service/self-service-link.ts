import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { NegotiationRuleViolation } from '../negotiation-rule-code';

// A one-time link a debtor opens the self-service page with (sent by the cadence, or by
// an agent): stream `self-service-<linkId>`. Opened once, before it expires; what the
// debtor does in the session it opens is recorded here too, with the channel
// `self-service` (the offers and the agreement carry it as well).

export interface SelfServiceLinkIssued {
  readonly type: 'SelfServiceLinkIssued';
  readonly data: {
    readonly linkId: string;
    readonly tenantId: string;
    readonly debtorId: string;
    /** The debts the debtor may see and negotiate through it. */
    readonly debtIds: readonly string[];
    readonly expiresAt: IsoInstant;
    readonly issuedBy: string;
    readonly issuedAt: IsoInstant;
  };
}
export interface SelfServiceSessionOpened {
  readonly type: 'SelfServiceSessionOpened';
  readonly data: { readonly linkId: string; readonly debtorId: string; readonly channel: 'self-service'; readonly openedAt: IsoInstant };
}
/** The debtor tried a plan (no commitment): what was asked and what it came to. */
export interface SelfServiceOfferSimulated {
  readonly type: 'SelfServiceOfferSimulated';
  readonly data: {
    readonly linkId: string;
    readonly debtId: string;
    readonly channel: 'self-service';
    readonly plan: 'cash' | 'installments';
    readonly installments: number;
    /** What the plan came to, or why it was refused (the rule's code). */
    readonly outcome: { readonly kind: 'offered'; readonly total: { readonly amount: number; readonly currency: string } } | { readonly kind: 'refused'; readonly code: string };
    readonly simulatedAt: IsoInstant;
  };
}
export type SelfServiceEvent = SelfServiceLinkIssued | SelfServiceSessionOpened | SelfServiceOfferSimulated;

export type SelfServiceCommand =
  | { readonly type: 'IssueSelfServiceLink'; readonly data: SelfServiceLinkIssued['data'] }
  | { readonly type: 'OpenSelfServiceSession'; readonly linkId: string; readonly now: IsoInstant }
  | { readonly type: 'RecordSelfServiceSimulation'; readonly data: Omit<SelfServiceOfferSimulated['data'], 'channel'> };

export type SelfServiceLinkState =
  | { readonly status: 'none' }
  | { readonly status: 'issued' | 'opened'; readonly linkId: string; readonly debtorId: string; readonly debtIds: readonly string[]; readonly expiresAt: IsoInstant };

function issued(state: SelfServiceLinkState, linkId: string): Exclude<SelfServiceLinkState, { status: 'none' }> {
  if (state.status === 'none') throw new NegotiationRuleViolation('SELF_SERVICE_LINK_NOT_ISSUED', `no self-service link ${linkId} was issued`);
  return state;
}

export const selfServiceLinkDecider: Decider<SelfServiceLinkState, SelfServiceCommand, SelfServiceEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'IssueSelfServiceLink':
        // the same issue retried: nothing new
        if (state.status !== 'none') return [];
        if (command.data.debtIds.length === 0) throw new RangeError('a self-service link shows at least one debt');
        return [{ type: 'SelfServiceLinkIssued', data: command.data }];
      case 'OpenSelfServiceSession': {
        const link = issued(state, command.linkId);
        // one time only: a link forwarded, replayed or opened twice gives no second session
        if (link.status === 'opened') throw new NegotiationRuleViolation('SELF_SERVICE_LINK_ALREADY_USED', 'this link was already used: ask for a new one');
        if (Date.parse(command.now) >= Date.parse(link.expiresAt)) throw new NegotiationRuleViolation('SELF_SERVICE_LINK_EXPIRED', `this link expired at ${link.expiresAt}: ask for a new one`);
        return [{ type: 'SelfServiceSessionOpened', data: { linkId: link.linkId, debtorId: link.debtorId, channel: 'self-service', openedAt: command.now } }];
      }
      case 'RecordSelfServiceSimulation': {
        const link = issued(state, command.data.linkId);
        if (!link.debtIds.includes(command.data.debtId)) throw new NegotiationRuleViolation('DEBT_NOT_NEGOTIABLE', `debt ${command.data.debtId} is not offered through this link`);
        return [{ type: 'SelfServiceOfferSimulated', data: { ...command.data, channel: 'self-service' } }];
      }
      default:
        return assertNever(command, 'self-service command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SelfServiceLinkIssued':
        return { status: 'issued', linkId: event.data.linkId, debtorId: event.data.debtorId, debtIds: event.data.debtIds, expiresAt: event.data.expiresAt };
      case 'SelfServiceSessionOpened':
        return state.status === 'none' ? state : { ...state, status: 'opened' };
      case 'SelfServiceOfferSimulated':
        return state;
      default:
        return assertNever(event, 'self-service event');
    }
  },
};
