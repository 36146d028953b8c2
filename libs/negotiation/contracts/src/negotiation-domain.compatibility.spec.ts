import { ContractRegistry } from '@collections/shared-contracts';
import { Money, fold } from '@collections/shared-kernel';
import {
  offerDecider,
  parseNegotiationPolicy,
  agreementDecider,
  agreementPublicationOf,
  type AgreementCommand,
  type AgreementEvent,
  type OfferTerms,
} from '@collections/negotiation-domain';
import { NEGOTIATION_INTEGRATION_EVENTS, negotiationPolicyPublishedContractV1 } from './negotiation.integration-events';

// The negotiation domain's agreement events, as the decider produces them, must map onto
// the v1 payloads the debtors context consumes.
const registry = new ContractRegistry(NEGOTIATION_INTEGRATION_EVENTS);
const agreementId = '0192f6a0-0000-7000-8000-00000000a001';
const at = (date: string) => `${date}T15:00:00.000Z`;
const brl = (amount: number) => Money.of(amount);
const terms = {
  schedule: [
    { number: 1, dueDate: '2027-01-10', amount: brl(10_000), kind: 'installment' },
    { number: 2, dueDate: '2027-02-10', amount: brl(10_000), kind: 'installment' },
  ],
  total: brl(20_000),
  monthlyInterestRate: '0.02',
} as unknown as OfferTerms;
const base = { agreementId, actor: 'system:test' };
const enter: AgreementCommand = {
  ...base,
  type: 'EnterAgreement',
  tenantId: 'banco-azul',
  debtorId: '0192f6a0-0000-7000-8000-000000000001',
  debtIds: ['0192f6a0-0000-7000-8000-000000000002'],
  offerId: '0192f6a0-0000-7000-8000-0000000000f1',
  terms,
  toleranceDays: 5,
  renegotiationCount: 0,
  renegotiationLimit: 1,
  now: at('2026-12-20'),
};

function run(...commands: AgreementCommand[]): AgreementEvent[] {
  return commands.reduce<AgreementEvent[]>((events, command) => [...events, ...agreementDecider.decide(command, fold(agreementDecider, events))], []);
}

function published(events: AgreementEvent[]) {
  return events.flatMap((event) => {
    const publication = agreementPublicationOf(event);
    return publication ? [publication] : [];
  });
}

describe('negotiation domain events published as v1', () => {
  it('an offer made beyond the agent limit, approved and accepted publishes payloads that parse as v1, the schedule adding up to the total', () => {
    const policy = parseNegotiationPolicy({
      tenantId: 'banco-azul',
      version: 4,
      rules: [{ bucket: '91-180', segment: 'default', maxChargesDiscount: '0.80', agentDiscountLimit: '0.01', maxInstallments: 12, minInstallment: brl(5_000), monthlyInterestRate: '0.0199' }],
    });
    const offerId = '0192f6a0-0000-7000-8000-0000000000f2';
    const base = { offerId, actor: 'agent-1' };
    const commands = [
      {
        ...base,
        type: 'MakeOffer' as const,
        tenantId: 'banco-azul',
        debtorId: '0192f6a0-0000-7000-8000-000000000001',
        debtIds: ['0192f6a0-0000-7000-8000-000000000002'],
        balance: { principal: brl(100_000), interest: brl(15_000), lateFee: brl(2_000) },
        asOf: '2026-12-01',
        bucket: '91-180' as const,
        segment: 'default',
        policy,
        request: { kind: 'installments' as const, count: 5, firstDueDate: '2026-12-10', discount: brl(5_000) },
        role: 'agent' as const,
        now: at('2026-12-01'),
      },
      { ...base, type: 'ApproveOffer' as const, approverRole: 'supervisor' as const, now: at('2026-12-01') },
      { ...base, type: 'AcceptOffer' as const, channel: 'agent' as const, acceptedOn: '2026-12-02', now: at('2026-12-02') },
    ];
    const published = { type: 'NegotiationPolicyPublished' as const, data: { policy, publishedAt: at('2026-11-30'), publishedBy: 'supervisor-1' } };
    const policyPayload = negotiationPolicyPublishedContractV1.toPayload({ ...published, streamId: 'negotiationpolicy-banco-azul', tenantId: 'banco-azul' });
    expect(registry.validate('NegotiationPolicyPublished', 1, policyPayload)).toMatchObject({ version: 4, rules: [{ bucket: '91-180', agentDiscountLimit: '0.01', maxInstallments: 12 }] });
    const events = commands.reduce<ReturnType<typeof offerDecider.decide>>((history, command) => [...history, ...offerDecider.decide(command, fold(offerDecider, history))], []);
    const mapped = events.flatMap((event) => registry.forDomainEvent(event.type).map((c) => ({ type: c.type, payload: c.toPayload({ ...event, streamId: `offer-${offerId}`, tenantId: 'banco-azul' } as never) })));
    expect(mapped.map((m) => m.type)).toEqual(['OfferMade', 'OfferApprovalRequested', 'OfferApproved', 'OfferAccepted']);
    for (const { type, payload } of mapped) expect(() => registry.validate(type, 1, payload)).not.toThrow();
    const made = registry.validate('OfferMade', 1, mapped[0]!.payload) as { policyVersion: number; total: { amount: number }; balance: { total: { amount: number } }; schedule: { amount: { amount: number } }[] };
    expect(made.policyVersion).toBe(4);
    expect(made.schedule.reduce((sum, i) => sum + i.amount.amount, 0)).toBe(made.total.amount);
    expect(made.total.amount).toBeLessThanOrEqual(made.balance.total.amount);
  });

  it('every domain event of an agreement with a contract maps to a payload its schema accepts (charges requested included)', () => {
    const events = run(
      enter,
      { ...base, type: 'RequestInstallmentCharge', installment: 1, now: at('2026-12-20') },
      { ...base, type: 'RecordAgreementPayment', paymentId: 'pix-1', amount: brl(20_000), paidOn: '2027-01-05', now: at('2027-01-05') },
    );
    const mapped = events.flatMap((event) =>
      registry.forDomainEvent(event.type).map((c) => ({ type: c.type, payload: c.toPayload({ ...event, streamId: `agreement-${agreementId}`, tenantId: 'banco-azul' } as never) })),
    );
    expect(mapped.map((m) => m.type)).toEqual(['AgreementEntered', 'InstallmentChargeRequested', 'InstallmentPaid', 'AgreementEnded']);
    for (const { type, payload } of mapped) expect(() => registry.validate(type, 1, payload)).not.toThrow();
  });

  it('an installment overdue, then the agreement broken, publish InstallmentOverdue and AgreementEnded broken as v1', () => {
    const events = run(enter, { ...base, type: 'CheckInstallments', asOf: '2027-01-11', now: at('2027-01-11') }, { ...base, type: 'CheckInstallments', asOf: '2027-01-16', now: at('2027-01-16') });
    const mapped = events.flatMap((event) =>
      registry.forDomainEvent(event.type).map((c) => ({ type: c.type, payload: c.toPayload({ ...event, streamId: `agreement-${agreementId}`, tenantId: 'banco-azul' } as never) })),
    );
    expect(mapped.map((m) => m.type)).toEqual(['AgreementEntered', 'InstallmentOverdue', 'AgreementEnded']);
    for (const { type, payload } of mapped) expect(() => registry.validate(type, 1, payload)).not.toThrow();
    expect(mapped[1]?.payload).toMatchObject({ installment: 1, dueDate: '2027-01-10', asOf: '2027-01-11', outstanding: brl(10_000) });
  });

  it.each([
    ['fulfilled', [{ ...base, type: 'RecordAgreementPayment', paymentId: 'pix-1', amount: brl(20_000), paidOn: '2027-01-05', now: at('2027-01-05') }], 'completed'],
    ['broken', [{ ...base, type: 'CheckInstallments', asOf: '2027-01-16', now: at('2027-01-16') }], 'broken'],
    ['cancelled', [{ ...base, type: 'CancelAgreement', cancelledBy: 'creditor', reason: 'debt sold', now: at('2027-01-02') }], 'cancelled'],
  ] as [string, AgreementCommand[], string][])('an agreement entered then %s publishes payloads that parse as v1', (_label, commands, reason) => {
    const publications = published(run(enter, ...commands));
    expect(publications.map((p) => p.type)).toEqual(['AgreementEntered', 'AgreementEnded']);
    for (const { type, data } of publications) expect(registry.validate(type, 1, data)).toEqual(data);
    expect(publications[1]?.data).toMatchObject({ reason });
  });
});
