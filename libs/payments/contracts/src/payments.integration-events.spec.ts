import { ContractRegistry } from '@collections/shared-contracts';
import { PAYMENTS_INTEGRATION_EVENTS, PAYMENTS_TOPIC } from './payments.integration-events';

const registry = new ContractRegistry(PAYMENTS_INTEGRATION_EVENTS);
const allocated = {
  paymentId: 'pix-E00000000202604011200abcdef',
  debtId: '0192f6a0-0000-7000-8000-000000000002',
  amount: { amount: 50_000, currency: 'BRL' },
  paidOn: '2026-04-01',
  allocatedAt: '2026-04-01T15:00:00.000Z',
};

describe('payments integration events v1', () => {
  it('publishes on collections.payments.events.v1', () => {
    expect(registry.topics()).toEqual([PAYMENTS_TOPIC]);
    expect(PAYMENTS_TOPIC).toBe('collections.payments.events.v1');
  });

  // A payload exactly as v1 consumers (debtors) may hold it: it must keep parsing.
  it('a stored v1 PaymentAllocated payload still parses', () => {
    expect(registry.validate('PaymentAllocated', 1, allocated)).toEqual(allocated);
  });

  it.each([
    ['an amount in reais, not integer centavos', { ...allocated, amount: { amount: 500.5, currency: 'BRL' } }, /amount\.amount/],
    ['a zero amount', { ...allocated, amount: { amount: 0, currency: 'BRL' } }, /amount\.amount/],
    ['a currency that is not an ISO 4217 code', { ...allocated, amount: { amount: 100, currency: 'R$' } }, /amount\.currency/],
    ['a debt id that is not a UUID', { ...allocated, debtId: 'CTR-1' }, /debtId/],
    ['a paid-on date with a time', { ...allocated, paidOn: '2026-04-01T10:00:00Z' }, /paidOn/],
    ['no payment id', { ...allocated, paymentId: '' }, /paymentId/],
  ])('refuses %s', (_label, payload, message) => {
    expect(() => registry.validate('PaymentAllocated', 1, payload)).toThrow(message);
  });
});

describe('payments integration events v1: what was added to PaymentAllocated stays optional', () => {
  it('a PaymentAllocated with an agreement installment parses, and one without it still does', () => {
    const withInstallment = { ...allocated, agreementId: '0192f6a0-0000-7000-8000-000000000009', installment: 2 };
    expect(registry.validate('PaymentAllocated', 1, withInstallment)).toEqual(withInstallment);
    expect(registry.validate('PaymentAllocated', 1, allocated)).toEqual(allocated);
  });

  it.each([
    ['ChargeIssued with a txid shorter than 26', 'ChargeIssued', { chargeId: allocated.debtId, debtorId: allocated.debtId, debtIds: [allocated.debtId], amount: allocated.amount, dueDate: '2026-04-10', txid: 'abc', pixCopyPaste: 'x', issuedAt: allocated.allocatedAt }, /txid/],
    ['ChargeIssued with a 46-digit boleto line', 'ChargeIssued', { chargeId: allocated.debtId, debtorId: allocated.debtId, debtIds: [allocated.debtId], amount: allocated.amount, dueDate: '2026-04-10', txid: 'a'.repeat(32), pixCopyPaste: 'x', boletoLine: '1'.repeat(46), issuedAt: allocated.allocatedAt }, /boletoLine/],
    ['PaymentReceived by cheque', 'PaymentReceived', { paymentId: 'p', amount: allocated.amount, paidOn: '2026-04-01', method: 'cheque', receivedAt: allocated.allocatedAt }, /method/],
    ['PaymentAllocated for installment 0', 'PaymentAllocated', { ...allocated, installment: 0 }, /installment/],
  ])('refuses %s', (_label, type, payload, message) => {
    expect(() => registry.validate(type, 1, payload)).toThrow(message);
  });
});
