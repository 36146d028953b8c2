import { Money, assertNever, epochDay, type Decider } from '@collections/shared-kernel';
import { PaymentsRuleViolation } from '../payments-rule-code';
import type { CancelCharge, ChargeCommand, ExpireCharge, IssueCharge, RecordChargePayment, ReverseChargePayment } from './charge.commands';
import type { ChargeEvent, ChargeIssued } from './charge.events';

export type ChargeStatus = 'open' | 'paid' | 'cancelled' | 'expired';

export interface IssuedChargeState {
  readonly status: ChargeStatus;
  readonly terms: ChargeIssued['data'];
  /** The payments applied and not reversed, in order. */
  readonly payments: readonly { readonly paymentId: string; readonly amount: Money }[];
  /** Every payment ever applied (a reversed one included): a repeat is recognised. */
  readonly seenPaymentIds: readonly string[];
}

export type ChargeState = { readonly status: 'none' } | IssuedChargeState;

export const initialChargeState = (): ChargeState => ({ status: 'none' });

/** What the charge's payments add up to. */
export const paidOnCharge = (charge: IssuedChargeState): number => charge.payments.reduce((total, p) => total + p.amount.amount, 0);

function issued(state: ChargeState, chargeId: string): IssuedChargeState {
  if (state.status === 'none') throw new PaymentsRuleViolation('CHARGE_NOT_FOUND', `no charge ${chargeId}`);
  return state;
}

function issue(command: IssueCharge, state: ChargeState): ChargeEvent[] {
  if (state.status !== 'none') {
    // a redelivered request (the agreement's installment charge) is the same charge: nothing new
    const same = state.terms.amount.amount === command.amount.amount && state.terms.dueDate === command.dueDate && state.terms.txid === command.txid;
    if (same) return [];
    throw new PaymentsRuleViolation('CHARGE_ALREADY_ISSUED', `charge ${command.chargeId} was issued with other terms`);
  }
  const { type: _type, now, actor, ...terms } = command;
  return [{ type: 'ChargeIssued', data: { ...terms, issuedAt: now, issuedBy: actor } }];
}

function recordPayment(command: RecordChargePayment, state: ChargeState): ChargeEvent[] {
  const charge = issued(state, command.chargeId);
  if (charge.seenPaymentIds.includes(command.paymentId)) return [];
  if (command.amount.currency !== charge.terms.amount.currency) throw new PaymentsRuleViolation('CURRENCY_MISMATCH', `the charge is in ${charge.terms.amount.currency}`);
  // Money that arrived is recorded whatever the charge's status: a debtor who pays a
  // cancelled or expired PIX has still paid, and the payment is allocated to the debts.
  const paidInFull = paidOnCharge(charge) + command.amount.amount >= charge.terms.amount.amount;
  return [{ type: 'ChargePaid', data: { chargeId: command.chargeId, paymentId: command.paymentId, amount: command.amount, paidOn: command.paidOn, paidInFull, paidAt: command.now } }];
}

function reversePayment(command: ReverseChargePayment, state: ChargeState): ChargeEvent[] {
  const charge = issued(state, command.chargeId);
  const payment = charge.payments.find((p) => p.paymentId === command.paymentId);
  if (!payment) return [];
  return [{ type: 'ChargePaymentReversed', data: { chargeId: command.chargeId, paymentId: command.paymentId, amount: payment.amount, reversedAt: command.now } }];
}

function cancel(command: CancelCharge, state: ChargeState): ChargeEvent[] {
  const charge = issued(state, command.chargeId);
  if (charge.status === 'cancelled') return [];
  if (charge.status === 'paid') throw new PaymentsRuleViolation('CHARGE_ALREADY_PAID', `charge ${command.chargeId} is paid`);
  const { terms } = charge;
  return [
    {
      type: 'ChargeCancelled',
      data: { chargeId: terms.chargeId, debtorId: terms.debtorId, agreementId: terms.agreementId, installment: terms.installment, reason: command.reason, cancelledAt: command.now, cancelledBy: command.actor },
    },
  ];
}

function expire(command: ExpireCharge, state: ChargeState): ChargeEvent[] {
  const charge = issued(state, command.chargeId);
  if (charge.status !== 'open') return [];
  // payable all of its due date and of the grace days after it, in Brazil's calendar
  if (epochDay(command.today) <= epochDay(charge.terms.dueDate) + command.graceDays) {
    throw new PaymentsRuleViolation('CHARGE_NOT_DUE', `charge ${command.chargeId} is payable until ${command.graceDays} days after ${charge.terms.dueDate}`);
  }
  return [{ type: 'ChargeExpired', data: { chargeId: command.chargeId, dueDate: charge.terms.dueDate, expiredAt: command.now } }];
}

function decide(command: ChargeCommand, state: ChargeState): readonly ChargeEvent[] {
  switch (command.type) {
    case 'IssueCharge':
      return issue(command, state);
    case 'RecordChargePayment':
      return recordPayment(command, state);
    case 'ReverseChargePayment':
      return reversePayment(command, state);
    case 'CancelCharge':
      return cancel(command, state);
    case 'ExpireCharge':
      return expire(command, state);
    default:
      return assertNever(command, 'charge command');
  }
}

function evolve(state: ChargeState, event: ChargeEvent): ChargeState {
  switch (event.type) {
    case 'ChargeIssued':
      return { status: 'open', terms: event.data, payments: [], seenPaymentIds: [] };
    case 'ChargePaid': {
      const charge = issued(state, event.data.chargeId);
      const payments = [...charge.payments, { paymentId: event.data.paymentId, amount: event.data.amount }];
      const next = { ...charge, payments, seenPaymentIds: [...charge.seenPaymentIds, event.data.paymentId] };
      return { ...next, status: paidOnCharge(next) >= charge.terms.amount.amount ? 'paid' : charge.status };
    }
    case 'ChargePaymentReversed': {
      const charge = issued(state, event.data.chargeId);
      const next = { ...charge, payments: charge.payments.filter((p) => p.paymentId !== event.data.paymentId) };
      // reopened only if it was paid: a cancelled or expired charge stays so
      return { ...next, status: charge.status === 'paid' && paidOnCharge(next) < charge.terms.amount.amount ? 'open' : charge.status };
    }
    case 'ChargeCancelled':
      return { ...issued(state, event.data.chargeId), status: 'cancelled' };
    case 'ChargeExpired':
      return { ...issued(state, event.data.chargeId), status: 'expired' };
    default:
      return assertNever(event, 'charge event');
  }
}

export const chargeDecider: Decider<ChargeState, ChargeCommand, ChargeEvent> = { decide, evolve, initialState: initialChargeState };
