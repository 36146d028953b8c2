import { DeciderSpecification } from '@collections/shared-testing';
import { NegotiationRuleViolation } from '../negotiation-rule-code';
import { selfServiceLinkDecider, type SelfServiceEvent } from './self-service-link';

const spec = DeciderSpecification.for(selfServiceLinkDecider);
const LINK = '0193a0e0-0000-7000-8000-0000000000d1';
const DEBT = '0193a0e0-0000-7000-8000-0000000000d2';
const issued: SelfServiceEvent = {
  type: 'SelfServiceLinkIssued',
  data: { linkId: LINK, tenantId: 'loja-a', debtorId: '0193a0e0-0000-7000-8000-0000000000d3', debtIds: [DEBT], expiresAt: '2026-03-05T12:00:00.000Z', issuedBy: 'agent-7', issuedAt: '2026-03-02T12:00:00.000Z' },
};
const open = (now: string) => ({ type: 'OpenSelfServiceSession', linkId: LINK, now }) as const;
const opened: SelfServiceEvent = { type: 'SelfServiceSessionOpened', data: { linkId: LINK, debtorId: issued.data.debtorId, channel: 'self-service', openedAt: '2026-03-02T13:00:00.000Z' } };

describe("a debtor's one-time self-service link", () => {
  it('opens one session before it expires, on the self-service channel', () => {
    spec.given([issued]).when(open('2026-03-02T13:00:00.000Z')).then([opened]);
  });

  it('refuses a second opening (a replayed or forwarded link), naming the rule', () => {
    spec.given([issued, opened]).when(open('2026-03-02T13:05:00.000Z')).thenThrows(NegotiationRuleViolation, /SELF_SERVICE_LINK_ALREADY_USED/);
  });

  it('refuses an opening at or after its expiry, and one of a link never issued', () => {
    spec.given([issued]).when(open('2026-03-05T12:00:00.000Z')).thenThrows(NegotiationRuleViolation, /SELF_SERVICE_LINK_EXPIRED/);
    spec.given([]).when(open('2026-03-02T13:00:00.000Z')).thenThrows(NegotiationRuleViolation, /SELF_SERVICE_LINK_NOT_ISSUED/);
  });

  it('records a simulation only for a debt the link offers', () => {
    const simulation = { linkId: LINK, debtId: DEBT, plan: 'cash', installments: 1, outcome: { kind: 'offered', total: { amount: 90_000, currency: 'BRL' } }, simulatedAt: '2026-03-02T13:01:00.000Z' } as const;
    spec.given([issued, opened]).when({ type: 'RecordSelfServiceSimulation', data: simulation }).then([{ type: 'SelfServiceOfferSimulated', data: { ...simulation, channel: 'self-service' } }]);
    spec
      .given([issued, opened])
      .when({ type: 'RecordSelfServiceSimulation', data: { ...simulation, debtId: '0193a0e0-0000-7000-8000-0000000000ff' } })
      .thenThrows(NegotiationRuleViolation, /DEBT_NOT_NEGOTIABLE/);
  });
});
