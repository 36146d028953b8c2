import { ContractRegistry } from '@collections/shared-contracts';
import { NEGOTIATION_INTEGRATION_EVENTS, NEGOTIATION_TOPIC, agreementEndedContractV1 } from './negotiation.integration-events';

const registry = new ContractRegistry(NEGOTIATION_INTEGRATION_EVENTS);
const scope = {
  agreementId: '0192f6a0-0000-7000-8000-00000000a001',
  debtorId: '0192f6a0-0000-7000-8000-000000000001',
  debtIds: ['0192f6a0-0000-7000-8000-000000000002', '0192f6a0-0000-7000-8000-000000000003'],
};

describe('negotiation integration events v1', () => {
  it('publishes on collections.negotiation.events.v1', () => {
    expect(registry.topics()).toEqual([NEGOTIATION_TOPIC]);
    expect(NEGOTIATION_TOPIC).toBe('collections.negotiation.events.v1');
  });

  // Payloads exactly as v1 consumers (debtors) may hold them: they must keep parsing.
  it.each([
    ['AgreementEntered', { ...scope, enteredAt: '2026-04-01T12:00:00.000Z' }],
    ['AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'broken', unpaidInstallment: 3 }],
    ['AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'completed' }],
    ['AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'cancelled', cancelledBy: 'debtor' }],
    ['InstallmentChargeRequested', { ...scope, installment: 1, dueDate: '2026-07-10', amount: { amount: 12_345, currency: 'BRL' }, requestedAt: '2026-06-01T12:00:00Z' }],
    ['OfferApproved', { offerId: scope.agreementId, approvedAt: '2026-06-01T12:00:00Z' }],
    ['OfferRejected', { offerId: scope.agreementId, reason: 'desconto alto', rejectedAt: '2026-06-01T12:00:00Z' }],
    ['OfferAccepted', { offerId: scope.agreementId, channel: 'self-service', acceptedOn: '2026-06-01', acceptedAt: '2026-06-01T12:00:00Z' }],
    ['OfferExpired', { offerId: scope.agreementId, expiresOn: '2026-06-05', expiredOn: '2026-06-06' }],
  ])('a stored v1 %s payload still parses', (type, payload) => {
    expect(registry.validate(type, 1, payload)).toEqual(payload);
  });

  it.each([
    ['an agreement over no debt', 'AgreementEntered', { ...scope, debtIds: [], enteredAt: '2026-04-01T12:00:00Z' }, /debtIds/],
    ['a debt id that is not a UUID', 'AgreementEntered', { ...scope, debtIds: ['CTR-1'], enteredAt: '2026-04-01T12:00:00Z' }, /debtIds\.0/],
    ['an instant without a time zone', 'AgreementEntered', { ...scope, enteredAt: '2026-04-01 12:00' }, /enteredAt/],
    ['an unknown end reason', 'AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'expired' }, /reason/],
    ['a broken agreement that does not say which installment', 'AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'broken' }, /unpaidInstallment/],
    ['a charge of zero', 'InstallmentChargeRequested', { ...scope, installment: 1, dueDate: '2026-07-10', amount: { amount: 0, currency: 'BRL' }, requestedAt: '2026-06-01T12:00:00Z' }, /amount/],
    ['a charge in dollars', 'InstallmentChargeRequested', { ...scope, installment: 1, dueDate: '2026-07-10', amount: { amount: 100, currency: 'USD' }, requestedAt: '2026-06-01T12:00:00Z' }, /currency/],
    ['installment 0', 'InstallmentChargeRequested', { ...scope, installment: 0, dueDate: '2026-07-10', amount: { amount: 100, currency: 'BRL' }, requestedAt: '2026-06-01T12:00:00Z' }, /installment/],
    ['a cancellation by nobody', 'AgreementEnded', { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'cancelled', cancelledBy: 'bank' }, /cancelledBy/],
  ])('refuses %s', (_label, type, payload, message) => {
    expect(() => registry.validate(type, 1, payload)).toThrow(message);
  });

  it('maps its source event as it is', () => {
    const data = { ...scope, endedAt: '2026-06-01T12:00:00Z', reason: 'completed' as const };
    expect(agreementEndedContractV1.toPayload({ type: 'AgreementEnded', data, streamId: `agreement-${scope.agreementId}`, tenantId: 't' })).toEqual(data);
  });
});
