import { ValidationError } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { NegotiationRuleViolation } from '../negotiation-rule-code';
import { DEBTOR_ID, DEBT_IDS, OFFER_ID, TENANT, at, balance, brl, policy } from '../testing/negotiation.fixtures';
import { computeOffer, type OfferTerms } from './compute-offer';
import type { AcceptOffer, MakeOffer } from './offer.commands';
import { offerDecider } from './offer.decider';
import type { OfferEvent } from './offer.events';

const spec = DeciderSpecification.for(offerDecider);

const makeOffer = (overrides: Partial<MakeOffer> = {}): MakeOffer => ({
  type: 'MakeOffer',
  offerId: OFFER_ID,
  tenantId: TENANT,
  debtorId: DEBTOR_ID,
  debtIds: DEBT_IDS,
  balance,
  asOf: '2026-12-01',
  bucket: '91-180',
  segment: 'retail',
  policy: policy(),
  request: { kind: 'installments', count: 6, firstDueDate: '2027-01-10' },
  role: 'agent',
  now: at('2026-12-01'),
  actor: 'user:agent-7',
  ...overrides,
});

function termsOf(command: MakeOffer): OfferTerms {
  const result = computeOffer({ ...command, policy: command.policy });
  if (result.outcome !== 'offer') throw new Error('the fixture offer is refused');
  return result.terms;
}

const terms = termsOf(makeOffer());
const offerMade: OfferEvent = {
  type: 'OfferMade',
  data: { offerId: OFFER_ID, tenantId: policy().tenantId, debtorId: DEBTOR_ID, debtIds: DEBT_IDS, terms, madeBy: 'agent', madeAt: at('2026-12-01') },
};
const approvalRequested: OfferEvent = {
  type: 'OfferApprovalRequested',
  data: { offerId: OFFER_ID, rule: 'DISCOUNT_NEEDS_APPROVAL', detail: 'a discount of 136.00 is above the 117.00 granted without a supervisor', requestedAt: at('2026-12-01') },
};

const accept = (acceptedOn = '2026-12-03', channel: AcceptOffer['channel'] = 'self-service'): AcceptOffer => ({
  type: 'AcceptOffer',
  offerId: OFFER_ID,
  channel,
  acceptedOn,
  now: at(acceptedOn),
  actor: `debtor:${DEBTOR_ID}`,
});
const approve = (approverRole: 'supervisor' | 'agent' = 'supervisor') =>
  ({ type: 'ApproveOffer', offerId: OFFER_ID, approverRole, now: at('2026-12-02'), actor: 'user:supervisor-1' }) as const;
const reject = () =>
  ({ type: 'RejectOffer', offerId: OFFER_ID, approverRole: 'supervisor', reason: 'too deep for this portfolio', now: at('2026-12-02'), actor: 'user:supervisor-1' }) as const;
const expire = (asOf: string) => ({ type: 'ExpireOffer', offerId: OFFER_ID, asOf, now: at(asOf), actor: 'system:offer-deadlines' }) as const;

describe('offer', () => {
  it('an offer records the policy version used, the balance as of its date and its schedule', () => {
    spec.given([]).when(makeOffer()).then([offerMade]);
    expect(terms).toMatchObject({ policyVersion: 3, asOf: '2026-12-01', expiresOn: '2026-12-06', balance: { total: brl(117_000) } });
  });

  it('an agent granting more than its limit makes an offer that waits for a supervisor', () => {
    spec
      .given([])
      .when(makeOffer({ request: { kind: 'cash', discount: brl(13_600) } }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['OfferMade', 'OfferApprovalRequested']));
  });

  it('an offer the policy refuses is not made, and the refusal names the rule', () => {
    const error = spec
      .given([])
      .when(makeOffer({ request: { kind: 'installments', count: 13, firstDueDate: '2027-01-10' } }))
      .thenThrows(NegotiationRuleViolation, /INSTALLMENTS_ABOVE_MAXIMUM/);
    expect(error.code).toBe('INSTALLMENTS_ABOVE_MAXIMUM');
  });

  it('refuses a policy of another tenant and malformed ids, field by field', () => {
    const error = spec
      .given([])
      .when(makeOffer({ tenantId: 'other-bank', debtIds: ['not-a-uuid'] }))
      .thenThrows(ValidationError);
    expect(error.violations.map((v) => v.field)).toEqual(['policy.tenantId', 'debtIds[0]']);
  });

  it('an offer is made once', () => {
    spec.given([offerMade]).when(makeOffer()).thenThrows(NegotiationRuleViolation, /OFFER_ALREADY_MADE/);
  });

  it('the debtor accepts an open offer within its validity, on any channel', () => {
    spec
      .given([offerMade])
      .when(accept('2026-12-06', 'api'))
      .then([{ type: 'OfferAccepted', data: { offerId: OFFER_ID, channel: 'api', acceptedOn: '2026-12-06', acceptedAt: at('2026-12-06') } }]);
  });

  it('accepting after the last valid day is refused even before the deadline has fired', () => {
    spec.given([offerMade]).when(accept('2026-12-07')).thenThrows(NegotiationRuleViolation, /OFFER_EXPIRED/);
  });

  it('accepting an expired, a rejected or an already accepted offer is refused with its rule', () => {
    const expired: OfferEvent = { type: 'OfferExpired', data: { offerId: OFFER_ID, expiresOn: '2026-12-06', expiredOn: '2026-12-07' } };
    const accepted: OfferEvent = { type: 'OfferAccepted', data: { offerId: OFFER_ID, channel: 'agent', acceptedOn: '2026-12-02', acceptedAt: at('2026-12-02') } };
    const rejected: OfferEvent = { type: 'OfferRejected', data: { offerId: OFFER_ID, reason: 'no', rejectedAt: at('2026-12-02') } };
    spec.given([offerMade, expired]).when(accept('2026-12-03')).thenThrows(NegotiationRuleViolation, /OFFER_EXPIRED/);
    spec.given([offerMade, approvalRequested, rejected]).when(accept()).thenThrows(NegotiationRuleViolation, /OFFER_REJECTED/);
    spec.given([offerMade, accepted]).when(accept()).thenThrows(NegotiationRuleViolation, /OFFER_ALREADY_ACCEPTED/);
  });

  it('an offer waiting for approval cannot be accepted until a supervisor approves it', () => {
    spec.given([offerMade, approvalRequested]).when(accept()).thenThrows(NegotiationRuleViolation, /OFFER_AWAITING_APPROVAL/);
    spec.given([offerMade, approvalRequested]).when(approve()).then([{ type: 'OfferApproved', data: { offerId: OFFER_ID, approvedAt: at('2026-12-02') } }]);
    const approved: OfferEvent = { type: 'OfferApproved', data: { offerId: OFFER_ID, approvedAt: at('2026-12-02') } };
    spec.given([offerMade, approvalRequested, approved]).when(accept()).then((events) => expect(events[0]?.type).toBe('OfferAccepted'));
  });

  it('only a supervisor approves or rejects, and only an offer that needs it', () => {
    spec.given([offerMade, approvalRequested]).when(approve('agent')).thenThrows(NegotiationRuleViolation, /APPROVER_NOT_SUPERVISOR/);
    spec.given([offerMade]).when(approve()).thenThrows(NegotiationRuleViolation, /OFFER_NOT_AWAITING_APPROVAL/);
    spec
      .given([offerMade, approvalRequested])
      .when(reject())
      .then([{ type: 'OfferRejected', data: { offerId: OFFER_ID, reason: 'too deep for this portfolio', rejectedAt: at('2026-12-02') } }]);
  });

  it('the validity deadline expires an open offer the day after its last valid day', () => {
    spec.given([offerMade]).when(expire('2026-12-07')).then([{ type: 'OfferExpired', data: { offerId: OFFER_ID, expiresOn: '2026-12-06', expiredOn: '2026-12-07' } }]);
  });

  it('a deadline firing early, twice, or after acceptance changes nothing', () => {
    const accepted: OfferEvent = { type: 'OfferAccepted', data: { offerId: OFFER_ID, channel: 'agent', acceptedOn: '2026-12-02', acceptedAt: at('2026-12-02') } };
    const expired: OfferEvent = { type: 'OfferExpired', data: { offerId: OFFER_ID, expiresOn: '2026-12-06', expiredOn: '2026-12-07' } };
    spec.given([offerMade]).when(expire('2026-12-06')).thenNothingHappens();
    spec.given([offerMade, expired]).when(expire('2026-12-08')).thenNothingHappens();
    spec.given([offerMade, accepted]).when(expire('2026-12-07')).thenNothingHappens();
  });

  it('nothing can be decided on an offer that was never made', () => {
    spec.given([]).when(accept()).thenThrows(NegotiationRuleViolation, /OFFER_NOT_MADE/);
  });
});
