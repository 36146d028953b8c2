import { ValidationError } from '@collections/shared-kernel';
import type { DebtId } from '@collections/debtors-domain';
import type { PaymentAllocatedV1 } from '@collections/payments-contracts';
import { recordPaymentCommand } from './payment-allocated.consumer';

const DEBT_ID = '0192f6a0-0000-7000-8000-000000000002' as DebtId; // as applyToDebt parsed it
const allocated: PaymentAllocatedV1 = {
  paymentId: 'pix-E00000000202604011200abcdef',
  debtId: DEBT_ID,
  amount: { amount: 50_000, currency: 'BRL' },
  paidOn: '2026-04-01',
  allocatedAt: '2026-04-01T12:00:00-03:00',
};

// What a contract lets through and a command does not take: the consumer's edge refuses it
// (the reaction keeps the event unapplied, INVALID) or normalises it.
describe('the RecordPayment command of a PaymentAllocated event', () => {
  it('takes the payment, its instant normalised to UTC', () => {
    expect(recordPaymentCommand(allocated, DEBT_ID)).toEqual({
      type: 'RecordPayment',
      debtId: DEBT_ID,
      paymentId: allocated.paymentId,
      amount: { amount: 50_000, currency: 'BRL' },
      paidOn: '2026-04-01',
      now: '2026-04-01T15:00:00.000Z',
      actor: 'system:payments',
    });
  });

  it.each([
    [{ amount: { amount: 100, currency: 'EUR' } }, /amount.currency: must be one of BRL, USD/],
    [{ paidOn: '2026-02-30' }, /paidOn: is not a real calendar date/],
    [{ paymentId: '   ' }, /paymentId: must have 1-100 characters/],
  ])('refuses %j', (overrides, message) => {
    expect(() => recordPaymentCommand({ ...allocated, ...overrides }, DEBT_ID)).toThrow(ValidationError);
    expect(() => recordPaymentCommand({ ...allocated, ...overrides }, DEBT_ID)).toThrow(message);
  });
});
