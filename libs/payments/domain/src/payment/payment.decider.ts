import { Money, assertNever, type Decider, type IsoDate } from '@collections/shared-kernel';
import { PaymentsRuleViolation } from '../payments-rule-code';
import { allocatePayment, type Allocation } from './allocation';
import type { MatchPayment, PaymentCommand, PaymentMethod, PaymentTarget, ReceivePayment, ReversePayment } from './payment.commands';
import type { PaymentEvent } from './payment.events';

export type PaymentStatus = 'parked' | 'allocated' | 'reversed';

export interface KnownPaymentState {
  readonly status: PaymentStatus;
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
  readonly method: PaymentMethod;
  readonly reference: string | null;
  readonly chargeId: string | null;
  readonly debtorId: string | null;
  readonly allocations: readonly Allocation[];
  readonly credit: Money;
  /** Received and not (yet) allocated: a parked payment's whole amount. */
  readonly unallocated: Money;
  /** When the money was first received (parked or not). */
  readonly receivedAt: string;
}

export type PaymentState = { readonly status: 'none' } | KnownPaymentState;

export const initialPaymentState = (): PaymentState => ({ status: 'none' });

function known(state: PaymentState, paymentId: string): KnownPaymentState {
  if (state.status === 'none') throw new PaymentsRuleViolation('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
  return state;
}

/** The allocation events of a payment on a target: one per debt paid, then the credit. */
function allocationEvents(payment: { paymentId: string; amount: Money; paidOn: IsoDate }, target: PaymentTarget, now: string): PaymentEvent[] {
  for (const debt of target.debts) {
    if (debt.owed.currency !== payment.amount.currency) throw new PaymentsRuleViolation('CURRENCY_MISMATCH', `debt ${debt.debtId} is in ${debt.owed.currency}, the payment in ${payment.amount.currency}`);
  }
  const plan = allocatePayment(payment.amount, target.debts);
  const scope = { agreementId: target.agreementId, installment: target.installment };
  return [
    ...plan.allocations.map((a): PaymentEvent => ({ type: 'PaymentAllocated', data: { paymentId: payment.paymentId, debtId: a.debtId, amount: a.amount, paidOn: payment.paidOn, ...scope, allocatedAt: now } })),
    ...(plan.credit.amount > 0 ? [{ type: 'CreditCreated', data: { paymentId: payment.paymentId, debtorId: target.debtorId, amount: plan.credit, createdAt: now } } as const] : []),
  ];
}

function receive(command: ReceivePayment, state: PaymentState): PaymentEvent[] {
  if (state.status !== 'none') {
    // the same notification again (a PSP retries, a file is imported twice): harmless
    const same = state.amount.amount === command.amount.amount && state.amount.currency === command.amount.currency && state.paidOn === command.paidOn && state.method === command.method;
    if (same) return [];
    throw new PaymentsRuleViolation('PAYMENT_ID_CONFLICT', `payment ${command.paymentId} was received with another amount, date or method`);
  }
  if (command.amount.amount <= 0) throw new PaymentsRuleViolation('PAYMENT_NOT_POSITIVE', 'a payment is a positive amount');
  // the debtors context refuses a payment dated after its day; a Brazilian date is never ahead of UTC's
  if (command.paidOn > command.now.slice(0, 10)) throw new PaymentsRuleViolation('PAYMENT_DATE_IN_FUTURE', `paid on ${command.paidOn}, after today`);
  const { target } = command;
  if (!target) {
    return [{ type: 'PaymentParked', data: { paymentId: command.paymentId, amount: command.amount, paidOn: command.paidOn, method: command.method, reference: command.reference, reason: 'unknown_reference', parkedAt: command.now } }];
  }
  return [receivedEvent(command, target, command.now), ...allocationEvents(command, target, command.now)];
}

/** The payment as the other contexts learn of it: once, whole, with the charge it pays. */
function receivedEvent(
  payment: { readonly paymentId: string; readonly amount: Money; readonly paidOn: IsoDate; readonly method: PaymentMethod; readonly reference: string | null },
  target: PaymentTarget,
  receivedAt: string,
): PaymentEvent {
  return {
    type: 'PaymentReceived',
    data: {
      paymentId: payment.paymentId,
      amount: payment.amount,
      paidOn: payment.paidOn,
      method: payment.method,
      reference: payment.reference,
      chargeId: target.chargeId,
      debtorId: target.debtorId,
      agreementId: target.agreementId,
      installment: target.installment,
      receivedAt,
    },
  };
}

function match(command: MatchPayment, state: PaymentState): PaymentEvent[] {
  const payment = known(state, command.paymentId);
  if (payment.status !== 'parked') {
    if (payment.status === 'allocated' && payment.chargeId === command.target.chargeId) return [];
    throw new PaymentsRuleViolation('PAYMENT_NOT_PARKED', `payment ${command.paymentId} is ${payment.status}`);
  }
  const { target } = command;
  return [
    { type: 'PaymentMatched', data: { paymentId: payment.paymentId, chargeId: target.chargeId, debtorId: target.debtorId, agreementId: target.agreementId, installment: target.installment, matchedAt: command.now, matchedBy: command.actor } },
    receivedEvent(payment, target, payment.receivedAt),
    ...allocationEvents(payment, target, command.now),
  ];
}

function reverse(command: ReversePayment, state: PaymentState): PaymentEvent[] {
  const payment = known(state, command.paymentId);
  if (payment.status === 'reversed') throw new PaymentsRuleViolation('PAYMENT_ALREADY_REVERSED', `payment ${command.paymentId} was already reversed`);
  if (command.reversedOn < payment.paidOn) throw new PaymentsRuleViolation('REVERSAL_BEFORE_PAYMENT', `reversed on ${command.reversedOn}, before it was paid (${payment.paidOn})`);
  if (command.reversedOn > command.now.slice(0, 10)) throw new PaymentsRuleViolation('PAYMENT_DATE_IN_FUTURE', `reversed on ${command.reversedOn}, after today`);
  if (payment.status === 'parked') {
    return [{ type: 'ParkedPaymentReturned', data: { paymentId: payment.paymentId, kind: command.kind, reason: command.reason, returnedOn: command.reversedOn, amount: payment.amount, returnedAt: command.now, returnedBy: command.actor } }];
  }
  return [
    {
      type: 'PaymentReversed',
      data: {
        paymentId: payment.paymentId,
        kind: command.kind,
        reason: command.reason,
        reversedOn: command.reversedOn,
        amount: payment.amount,
        chargeId: payment.chargeId,
        allocations: payment.allocations,
        creditReleased: payment.credit,
        unallocatedReleased: payment.unallocated,
        reversedAt: command.now,
        reversedBy: command.actor,
      },
    },
  ];
}

function decide(command: PaymentCommand, state: PaymentState): readonly PaymentEvent[] {
  switch (command.type) {
    case 'ReceivePayment':
      return receive(command, state);
    case 'MatchPayment':
      return match(command, state);
    case 'ReversePayment':
      return reverse(command, state);
    default:
      return assertNever(command, 'payment command');
  }
}

function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentReceived': {
      const d = event.data;
      const zero = Money.zero(d.amount.currency);
      return { status: 'allocated', paymentId: d.paymentId, amount: d.amount, paidOn: d.paidOn, method: d.method, reference: d.reference, chargeId: d.chargeId, debtorId: d.debtorId, allocations: [], credit: zero, unallocated: d.amount, receivedAt: d.receivedAt };
    }
    case 'PaymentParked': {
      const d = event.data;
      const zero = Money.zero(d.amount.currency);
      return { status: 'parked', paymentId: d.paymentId, amount: d.amount, paidOn: d.paidOn, method: d.method, reference: d.reference, chargeId: null, debtorId: null, allocations: [], credit: zero, unallocated: d.amount, receivedAt: d.parkedAt };
    }
    case 'PaymentMatched':
      return { ...known(state, event.data.paymentId), status: 'allocated', chargeId: event.data.chargeId, debtorId: event.data.debtorId };
    case 'PaymentAllocated': {
      const payment = known(state, event.data.paymentId);
      return { ...payment, allocations: [...payment.allocations, { debtId: event.data.debtId, amount: event.data.amount }], unallocated: Money.subtract(payment.unallocated, event.data.amount) };
    }
    case 'CreditCreated': {
      const payment = known(state, event.data.paymentId);
      return { ...payment, credit: Money.add(payment.credit, event.data.amount), unallocated: Money.subtract(payment.unallocated, event.data.amount) };
    }
    case 'PaymentReversed':
    case 'ParkedPaymentReturned': {
      const payment = known(state, event.data.paymentId);
      const zero = Money.zero(payment.amount.currency);
      return { ...payment, status: 'reversed', allocations: [], credit: zero, unallocated: zero };
    }
    default:
      return assertNever(event, 'payment event');
  }
}

export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = { decide, evolve, initialState: initialPaymentState };
