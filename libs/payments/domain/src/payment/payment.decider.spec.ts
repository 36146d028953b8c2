import { Money } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { PaymentsRuleViolation } from '../payments-rule-code';
import type { PaymentTarget, ReceivePayment } from './payment.commands';
import { paymentDecider } from './payment.decider';
import type { PaymentEvent } from './payment.events';

const spec = DeciderSpecification.for(paymentDecider);
const brl = (centavos: number) => Money.of(centavos);
const NOW = '2026-04-05T15:00:00.000Z';
const CHARGE = '01900000-0000-7000-8000-00000000c001';
const DEBTOR = '01900000-0000-7000-8000-00000000a001';
const OLD = '01900000-0000-7000-8000-00000000d001';
const NEW = '01900000-0000-7000-8000-00000000d002';

const single: PaymentTarget = { chargeId: CHARGE, debtorId: DEBTOR, agreementId: null, installment: null, debts: [{ debtId: OLD, dueDate: '2026-01-10', owed: brl(10_000) }] };
const agreement: PaymentTarget = {
  chargeId: CHARGE,
  debtorId: DEBTOR,
  agreementId: '01900000-0000-7000-8000-00000000e001',
  installment: 1,
  debts: [
    { debtId: NEW, dueDate: '2026-02-10', owed: brl(5_000) },
    { debtId: OLD, dueDate: '2026-01-10', owed: brl(3_000) },
  ],
};
const receive = (amount: number, target: PaymentTarget | null, overrides: Partial<ReceivePayment> = {}): ReceivePayment => ({
  type: 'ReceivePayment',
  paymentId: 'pix-E1',
  amount: brl(amount),
  paidOn: '2026-04-05',
  method: 'pix',
  reference: 'txid-1',
  target,
  now: NOW,
  actor: 'system:pix-webhook',
  ...overrides,
});
const received = (amount: number, target: PaymentTarget | null): PaymentEvent => ({
  type: 'PaymentReceived',
  data: {
    paymentId: 'pix-E1',
    amount: brl(amount),
    paidOn: '2026-04-05',
    method: 'pix',
    reference: 'txid-1',
    chargeId: target?.chargeId ?? null,
    debtorId: target?.debtorId ?? null,
    agreementId: target?.agreementId ?? null,
    installment: target?.installment ?? null,
    receivedAt: NOW,
  },
});
const allocated = (debtId: string, amount: number, scope: { agreementId: string | null; installment: number | null } = { agreementId: null, installment: null }): PaymentEvent => ({
  type: 'PaymentAllocated',
  data: { paymentId: 'pix-E1', debtId, amount: brl(amount), paidOn: '2026-04-05', ...scope, allocatedAt: NOW },
});
const parked: PaymentEvent = { type: 'PaymentParked', data: { paymentId: 'pix-E1', amount: brl(7_000), paidOn: '2026-04-05', method: 'pix', reference: 'txid-1', reason: 'unknown_reference', parkedAt: NOW } };

describe('payment decider', () => {
  it('allocates a payment on a single-debt charge to that debt', () => {
    spec.given([]).when(receive(4_000, single)).then([received(4_000, single), allocated(OLD, 4_000)]);
  });

  it('keeps what is paid beyond what the debt owes as the debtor credit', () => {
    spec.given([]).when(receive(12_500, single)).then([
      received(12_500, single),
      allocated(OLD, 10_000),
      { type: 'CreditCreated', data: { paymentId: 'pix-E1', debtorId: DEBTOR, amount: brl(2_500), createdAt: NOW } },
    ]);
  });

  it("splits an agreement installment's payment across its debts, the oldest first", () => {
    const scope = { agreementId: agreement.agreementId, installment: 1 };
    spec.given([]).when(receive(4_000, agreement)).then([received(4_000, agreement), allocated(OLD, 3_000, scope), allocated(NEW, 1_000, scope)]);
  });

  it('parks a payment whose reference no charge has, whole, without telling the other contexts it was received', () => {
    spec.given([]).when(receive(7_000, null)).then([parked]);
  });

  it('treats the same parked payment notified again as nothing new', () => {
    spec.given([parked]).when(receive(7_000, null)).thenNothingHappens();
  });

  it('treats the same notification again as nothing new', () => {
    spec.given([received(4_000, single), allocated(OLD, 4_000)]).when(receive(4_000, single)).thenNothingHappens();
  });

  it('refuses the same payment id with another amount', () => {
    spec.given([received(4_000, single), allocated(OLD, 4_000)]).when(receive(4_001, single)).thenThrows(PaymentsRuleViolation, /PAYMENT_ID_CONFLICT/);
  });

  it('refuses a payment dated after today (the debt would refuse it)', () => {
    spec.given([]).when(receive(1_000, single, { paidOn: '2026-04-06' })).thenThrows(PaymentsRuleViolation, /PAYMENT_DATE_IN_FUTURE/);
  });

  it('refuses a zero amount', () => {
    spec.given([]).when(receive(0, single)).thenThrows(PaymentsRuleViolation, /PAYMENT_NOT_POSITIVE/);
  });

  it('refuses a debt in another currency', () => {
    const usd: PaymentTarget = { ...single, debts: [{ debtId: OLD, dueDate: '2026-01-10', owed: Money.of(100, 'USD') }] };
    spec.given([]).when(receive(1_000, usd)).thenThrows(PaymentsRuleViolation, /CURRENCY_MISMATCH/);
  });

  it('publishes a parked payment as received, with its charge, once it is matched by hand, and allocates it', () => {
    const later = '2026-04-06T10:00:00.000Z';
    spec.given([parked]).when({ type: 'MatchPayment', paymentId: 'pix-E1', target: single, now: later, actor: 'clerk-1' }).then([
      { type: 'PaymentMatched', data: { paymentId: 'pix-E1', chargeId: CHARGE, debtorId: DEBTOR, agreementId: null, installment: null, matchedAt: later, matchedBy: 'clerk-1' } },
      received(7_000, single),
      { type: 'PaymentAllocated', data: { paymentId: 'pix-E1', debtId: OLD, amount: brl(7_000), paidOn: '2026-04-05', agreementId: null, installment: null, allocatedAt: later } },
    ]);
  });

  it('refuses to match a payment that is not parked', () => {
    spec.given([received(4_000, single), allocated(OLD, 4_000)]).when({ type: 'MatchPayment', paymentId: 'pix-E1', target: { ...single, chargeId: '01900000-0000-7000-8000-00000000c002' }, now: NOW, actor: 'clerk-1' }).thenThrows(PaymentsRuleViolation, /PAYMENT_NOT_PARKED/);
  });

  it('reverses exactly what the payment paid, its credit included', () => {
    const credit: PaymentEvent = { type: 'CreditCreated', data: { paymentId: 'pix-E1', debtorId: DEBTOR, amount: brl(2_500), createdAt: NOW } };
    spec.given([received(12_500, single), allocated(OLD, 10_000), credit]).when({ type: 'ReversePayment', paymentId: 'pix-E1', kind: 'chargeback', reversedOn: '2026-04-05', reason: 'MED', now: NOW, actor: 'u' }).then([
      {
        type: 'PaymentReversed',
        data: { paymentId: 'pix-E1', kind: 'chargeback', reason: 'MED', reversedOn: '2026-04-05', amount: brl(12_500), chargeId: CHARGE, allocations: [{ debtId: OLD, amount: brl(10_000) }], creditReleased: brl(2_500), unallocatedReleased: brl(0), reversedAt: NOW, reversedBy: 'u' },
      },
    ]);
  });

  it('refuses a second reversal and one dated before the payment', () => {
    const history = [received(4_000, single), allocated(OLD, 4_000)];
    const reverse = { type: 'ReversePayment' as const, paymentId: 'pix-E1', kind: 'reversal' as const, reversedOn: '2026-04-04', reason: 'r', now: NOW, actor: 'u' };
    spec.given(history).when(reverse).thenThrows(PaymentsRuleViolation, /REVERSAL_BEFORE_PAYMENT/);
    const reversed = paymentDecider.decide({ ...reverse, reversedOn: '2026-04-05' }, history.reduce(paymentDecider.evolve, paymentDecider.initialState()));
    spec.given([...history, ...reversed]).when({ ...reverse, reversedOn: '2026-04-05' }).thenThrows(PaymentsRuleViolation, /PAYMENT_ALREADY_REVERSED/);
  });

  it('returns a parked payment privately: it was never received for the other contexts', () => {
    spec.given([parked]).when({ type: 'ReversePayment', paymentId: 'pix-E1', kind: 'reversal', reversedOn: '2026-04-05', reason: 'devolvido ao pagador', now: NOW, actor: 'clerk-1' }).then([
      { type: 'ParkedPaymentReturned', data: { paymentId: 'pix-E1', kind: 'reversal', reason: 'devolvido ao pagador', returnedOn: '2026-04-05', amount: brl(7_000), returnedAt: NOW, returnedBy: 'clerk-1' } },
    ]);
  });

  it('knows no reversal of a payment never received', () => {
    spec.given([]).when({ type: 'ReversePayment', paymentId: 'x', kind: 'reversal', reversedOn: '2026-04-05', reason: 'r', now: NOW, actor: 'u' }).thenThrows(PaymentsRuleViolation, /PAYMENT_NOT_FOUND/);
  });
});
