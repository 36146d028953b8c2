import { Money, ValidationError, assertNever, refuseFutureDate, validateAll, type Decider, type IsoDate } from '@collections/shared-kernel';
import { DebtorsRuleViolation } from '../debtors-rule-code';
import { agingBucketFor, type AgingBucket } from './aging';
import { computeBalance, type DebtLedger } from './debt.balance';
import type {
  ChangeAgingBucket,
  DebtCommand,
  EnterAgreement,
  LeaveAgreement,
  MarkOverdue,
  OpenDispute,
  RecordPayment,
  RegisterDebt,
  ReversePayment,
  ResolveDispute,
  WriteOff,
} from './debt.commands';
import type { DebtEvent, DebtRegistered } from './debt.events';
import { DEFAULT_MONTHLY_INTEREST_RATE, checkAllocationOrder, checkLabel, checkDueDate, checkLateFeeRate, checkMonthlyInterestRate, checkOriginalAmount, checkPositiveAmount, checkSchedule } from './debt.rules';

export type DebtStatus = 'open' | 'overdue' | 'in_agreement' | 'disputed' | 'settled' | 'written_off';

export interface RegisteredDebt {
  /** Derived on every event from the facts below (see `statusOf`). */
  readonly status: DebtStatus;
  readonly ledger: DebtLedger;
  /** Past due or not, as last classified; dispute and agreement do not erase it. */
  readonly delinquency: 'current' | 'overdue';
  readonly agingBucket: AgingBucket;
  /** The latest date the debt was classified as of: older classifications are stale. */
  readonly classifiedOn: IsoDate | null;
  readonly dispute: { readonly reason: string } | null;
  readonly agreementId: string | null;
  readonly endedAgreementIds: readonly string[];
  readonly closure: 'settled' | 'written_off' | null;
  /** Payments taken back: out of the ledger, and never recorded again if redelivered. */
  readonly reversedPaymentIds: readonly string[];
}

export type DebtState = { readonly status: 'unregistered' } | RegisteredDebt;

export const initialDebtState = (): DebtState => ({ status: 'unregistered' });

// The command's fields were parsed where it entered the service (commands are typed):
// what is checked here is the debt's invariants, the rules of the business and those
// that depend on its state. A rule refused is a DomainRuleViolation (422, with its code),
// or, for a rule on one field of the terms (the 2% late fee cap, the schedule adding
// up), a ValidationError naming the field (400), as the request parsers answer it.

/**
 * Closed beats disputed beats in agreement beats the delinquency: a settled debt that
 * was in an agreement is settled; a rejected dispute falls back to whatever the other
 * facts say now ("back to the previous status", including a payment made meanwhile).
 */
function statusOf(debt: Omit<RegisteredDebt, 'status'>): DebtStatus {
  if (debt.closure) return debt.closure;
  if (debt.dispute) return 'disputed';
  if (debt.agreementId) return 'in_agreement';
  return debt.delinquency === 'overdue' ? 'overdue' : 'open';
}

const laterOf = (a: IsoDate | null, b: IsoDate): IsoDate => (a === null || b > a ? b : a);

function requireRegistered(state: DebtState): RegisteredDebt {
  if (state.status === 'unregistered') throw new DebtorsRuleViolation('DEBT_NOT_REGISTERED', 'the debt has not been registered');
  return state;
}

function refuseWhenClosed(debt: RegisteredDebt): void {
  if (debt.closure === 'settled') throw new DebtorsRuleViolation('DEBT_ALREADY_SETTLED', `debt ${debt.ledger.terms.debtId} is settled`);
  if (debt.closure === 'written_off') throw new DebtorsRuleViolation('DEBT_WRITTEN_OFF', `debt ${debt.ledger.terms.debtId} was written off`);
}

function refuseWhenDisputed(debt: RegisteredDebt): void {
  if (debt.dispute) throw new DebtorsRuleViolation('DEBT_DISPUTED', `debt ${debt.ledger.terms.debtId} is under dispute`);
}

// ---------------------------------------------------------------- RegisterDebt

function registerDebt(command: RegisterDebt, state: DebtState): DebtEvent[] {
  if (state.status !== 'unregistered') {
    throw new DebtorsRuleViolation('DEBT_ALREADY_REGISTERED', `debt ${command.debtId} is already registered`);
  }
  // the terms' rules (the edge checks them too, for one answer with every problem)
  const terms = validateAll({
    originalAmount: () => checkOriginalAmount(command.originalAmount),
    dueDate: () => checkDueDate(command.dueDate, 'dueDate', command.now),
    lateFeeRate: () => checkLateFeeRate(command.lateFeeRate),
    monthlyInterestRate: () => checkMonthlyInterestRate(command.monthlyInterestRate ?? DEFAULT_MONTHLY_INTEREST_RATE),
  });
  const data: DebtRegistered['data'] = {
    debtId: command.debtId,
    tenantId: command.tenantId,
    debtorId: command.debtorId,
    contractReference: command.contractReference,
    originalAmount: terms.originalAmount,
    dueDate: terms.dueDate,
    lateFeeRate: terms.lateFeeRate,
    monthlyInterestRate: terms.monthlyInterestRate,
    ...(command.allocationOrder ? { allocationOrder: checkAllocationOrder(command.allocationOrder) } : {}),
    ...(command.segment === undefined ? {} : { segment: checkLabel(command.segment, 'segment') }),
    ...(command.portfolio === undefined ? {} : { portfolio: checkLabel(command.portfolio, 'portfolio') }),
    registeredAt: command.now,
    installments:
      command.installments === undefined ? [{ number: 1, amount: terms.originalAmount, dueDate: terms.dueDate }] : checkSchedule(command.installments, terms.originalAmount, command.now),
  };
  const registration: DebtEvent = { type: 'DebtRegistered', data };
  if (command.classifyAsOf === undefined) return [registration];
  // Classified at once, as the daily sweep would: what it decides is decided here, in the same append.
  const stamp = { debtId: command.debtId, asOf: command.classifyAsOf, now: command.now, actor: command.actor };
  const afterRegistration = evolveDebt(state, registration);
  let overdue: DebtEvent[];
  try {
    overdue = markOverdue({ type: 'MarkOverdue', ...stamp }, afterRegistration);
  } catch (error) {
    if (error instanceof DebtorsRuleViolation && error.code === 'DEBT_NOT_PAST_DUE') return [registration];
    throw error;
  }
  const afterOverdue = overdue.reduce(evolveDebt, afterRegistration);
  return [registration, ...overdue, ...changeAgingBucket({ type: 'ChangeAgingBucket', ...stamp }, afterOverdue)];
}

// ------------------------------------------------------- classification by date

/** The sweep classifies as of a business date that has come (a rule relative to the command's `now`). */
function asOfOf(command: MarkOverdue | ChangeAgingBucket): IsoDate {
  refuseFutureDate(command.asOf, 'asOf', command.now);
  return command.asOf;
}

/** Scheduler messages can arrive late: a classification older than the latest one changes nothing. */
const isStale = (debt: RegisteredDebt, asOf: IsoDate): boolean => debt.classifiedOn !== null && asOf < debt.classifiedOn;

function markOverdue(command: MarkOverdue, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const asOf = asOfOf(command);
  refuseWhenClosed(debt);
  if (debt.status === 'overdue' || isStale(debt, asOf)) return [];
  refuseWhenDisputed(debt);
  // While an agreement governs the debt, its own schedule decides delinquency.
  if (debt.agreementId) throw new DebtorsRuleViolation('DEBT_IN_AGREEMENT', `debt is in agreement ${debt.agreementId}`);
  const balance = computeBalance(debt.ledger, asOf);
  if (balance.daysPastDue === 0 || balance.earliestUnpaidDueDate === null) {
    throw new DebtorsRuleViolation('DEBT_NOT_PAST_DUE', `nothing is past due as of ${asOf}`);
  }
  return [
    {
      type: 'DebtBecameOverdue',
      data: {
        debtId: debt.ledger.terms.debtId,
        asOf,
        earliestUnpaidDueDate: balance.earliestUnpaidDueDate,
        daysPastDue: balance.daysPastDue,
      },
    },
  ];
}

function changeAgingBucket(command: ChangeAgingBucket, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const asOf = asOfOf(command);
  refuseWhenClosed(debt);
  if (isStale(debt, asOf)) return [];
  // Aging counts from the earliest unpaid due date, so a partial payment does not
  // reset it and a paid first installment does not keep the debt current.
  const { daysPastDue } = computeBalance(debt.ledger, asOf);
  const to = agingBucketFor(daysPastDue);
  if (to === debt.agingBucket) return [];
  return [{ type: 'DebtAgingBucketChanged', data: { debtId: debt.ledger.terms.debtId, from: debt.agingBucket, to, daysPastDue, asOf } }];
}

// -------------------------------------------------------------- RecordPayment

function recordPayment(command: RecordPayment, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { terms } = debt.ledger;
  const { paymentId, amount, paidOn, now } = command;
  validateAll({
    // money paid is more than nothing, in the debt's currency (a rule of the debt's state)
    amount: () => {
      checkPositiveAmount(amount, 'amount');
      if (amount.currency !== terms.originalAmount.currency) {
        throw ValidationError.of('amount.currency', `must be ${terms.originalAmount.currency}, the currency of the debt`);
      }
    },
    // a payment is not recorded before it was made
    paidOn: () => refuseFutureDate(paidOn, 'paidOn', now),
  });
  // Payment notices are delivered at least once: the payment id is the idempotency key,
  // and a payment reversed since stays reversed.
  if (debt.ledger.payments.some((p) => p.paymentId === paymentId) || debt.reversedPaymentIds.includes(paymentId)) return [];

  // Money that arrived is always recorded, whatever the status; what is not owed is
  // overpayment, kept for a refund and never demanded (CDC art. 42).
  const ledger: DebtLedger = { ...debt.ledger, payments: [...debt.ledger.payments, { paymentId, amount, paidOn }] };
  const lastPaidOn = ledger.payments.map((p) => p.paidOn).reduce((a, b) => (b > a ? b : a));
  const afterAll = computeBalance(ledger, lastPaidOn);
  const applied = afterAll.payments.find((p) => p.paymentId === paymentId)!;
  const debtId = terms.debtId;
  const events: DebtEvent[] = [
    {
      type: 'PaymentRecorded',
      data: { debtId, paymentId, amount, paidOn, allocation: applied.allocation, overpayment: applied.overpayment, recordedAt: now },
    },
  ];
  if (debt.closure === 'settled' || debt.ledger.cancelled) return events;
  // A creditor's write-off is a loss, not a pardon: a later payment may still settle it.
  if (Money.isZero(afterAll.totalDue)) {
    return [...events, { type: 'DebtSettled', data: { debtId, settledOn: afterAll.paidOffOn ?? paidOn, paymentId } }];
  }
  if (debt.closure) return events;
  return [...events, ...reclassifyAfterPayment(debt, ledger, paidOn, paymentId)];
}

/**
 * The payment leaves the ledger, so the balance is recomputed without it from its own
 * date: the interest it had stopped runs again, an installment it had paid is past due
 * again since its due date. A debt it had settled reopens and is classified again as of
 * the reversal's date (overdue, its aging bucket from the earliest unpaid due date), so
 * the cadence and the credit bureau see what is owed again.
 */
function reversePayment(command: ReversePayment, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { paymentId, reversedOn, reason, now } = command;
  const debtId = debt.ledger.terms.debtId;
  if (debt.reversedPaymentIds.includes(paymentId)) return [];
  refuseFutureDate(reversedOn, 'reversedOn', now);
  const payment = debt.ledger.payments.find((p) => p.paymentId === paymentId);
  if (!payment) throw new DebtorsRuleViolation('PAYMENT_NOT_RECORDED', `payment ${paymentId} is not recorded on debt ${debtId}`);
  if (reversedOn < payment.paidOn) throw ValidationError.of('reversedOn', `must not be before the payment's date, ${payment.paidOn}`);
  const reversed: DebtEvent = {
    type: 'DebtPaymentReversed',
    data: { debtId, paymentId, amount: payment.amount, paidOn: payment.paidOn, reversedOn, reason, reversedAt: now },
  };
  // A cancelled debt owes nothing either way; a written-off one stays a loss.
  if (debt.ledger.cancelled || debt.closure === 'written_off') return [reversed];
  const afterReversal = evolveDebt(debt, reversed) as RegisteredDebt;
  const asOf = laterOf(debt.classifiedOn, reversedOn);
  if (debt.closure !== 'settled') return [reversed, ...reclassifyAfterPayment(afterReversal, afterReversal.ledger, asOf, paymentId)];
  // It had paid only what was beyond the balance: the debt is still paid off.
  if (Money.isZero(computeBalance(afterReversal.ledger, asOf).totalDue)) return [reversed];
  const reopened: DebtEvent = { type: 'DebtReopened', data: { debtId, paymentId, reopenedOn: reversedOn } };
  const afterReopening = evolveDebt(afterReversal, reopened) as RegisteredDebt;
  return [reversed, reopened, ...reclassifyAfterPayment(afterReopening, afterReopening.ledger, asOf, paymentId)];
}

/**
 * Delinquency is reclassified on every payment and reversal, from its own date (a status
 * computed only from the run date misses what a late or partial payment leaves unpaid),
 * but never as of a date earlier than one already classified: a back-dated payment
 * changes the balance from its date on without rolling the status back into the past.
 */
function reclassifyAfterPayment(debt: RegisteredDebt, ledger: DebtLedger, paidOn: IsoDate, paymentId: string): DebtEvent[] {
  const asOf = laterOf(debt.classifiedOn, paidOn);
  const balance = computeBalance(ledger, asOf);
  const debtId = debt.ledger.terms.debtId;
  const events: DebtEvent[] = [];
  if (debt.delinquency === 'overdue' && balance.daysPastDue === 0) {
    events.push({ type: 'DebtDelinquencyCured', data: { debtId, asOf, paymentId } });
  } else if (debt.status === 'open' && balance.daysPastDue > 0 && balance.earliestUnpaidDueDate !== null) {
    // Only a plainly open debt turns overdue here: in a dispute or an agreement, an
    // overdue signal would restart dunning that must stay paused.
    events.push({
      type: 'DebtBecameOverdue',
      data: { debtId, asOf, earliestUnpaidDueDate: balance.earliestUnpaidDueDate, daysPastDue: balance.daysPastDue },
    });
  }
  const to = agingBucketFor(balance.daysPastDue);
  if (to !== debt.agingBucket) {
    events.push({ type: 'DebtAgingBucketChanged', data: { debtId, from: debt.agingBucket, to, daysPastDue: balance.daysPastDue, asOf } });
  }
  return events;
}

// ------------------------------------------------------- disputes and write-off

function openDispute(command: OpenDispute, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { reason, now: openedAt } = command;
  refuseWhenClosed(debt);
  refuseWhenDisputed(debt);
  return [{ type: 'DisputeOpened', data: { debtId: debt.ledger.terms.debtId, reason, openedAt } }];
}

function resolveDispute(command: ResolveDispute, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { outcome, now: resolvedAt } = command;
  refuseWhenClosed(debt);
  if (!debt.dispute) throw new DebtorsRuleViolation('DEBT_NOT_DISPUTED', `debt ${debt.ledger.terms.debtId} has no open dispute`);
  const debtId = debt.ledger.terms.debtId;
  const resolved: DebtEvent = { type: 'DisputeResolved', data: { debtId, outcome, resolvedAt } };
  switch (outcome) {
    case 'rejected':
      return [resolved];
    case 'upheld':
      // The debtor was right: the debt is cancelled, and demanding it would be charging
      // what is not owed (CDC art. 42).
      return [resolved, { type: 'DebtWrittenOff', data: { debtId, reason: 'dispute_upheld', note: debt.dispute.reason, writtenOffAt: resolvedAt } }];
    default:
      return assertNever(outcome, 'dispute outcome');
  }
}

function writeOff(command: WriteOff, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { reason: note, now: writtenOffAt } = command;
  if (debt.closure === 'written_off') return [];
  refuseWhenClosed(debt);
  // Resolve first: an upheld dispute cancels the debt, which a loss write-off would hide.
  refuseWhenDisputed(debt);
  return [{ type: 'DebtWrittenOff', data: { debtId: debt.ledger.terms.debtId, reason: 'creditor_decision', note, writtenOffAt } }];
}

// ----------------------------------------------------------------- agreements

function enterAgreement(command: EnterAgreement, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { agreementId, now: enteredAt } = command;
  // Retries of the same agreement change nothing; an agreement once left is not resumed
  // (a renegotiation is a new agreement with a new id).
  if (debt.agreementId === agreementId || debt.endedAgreementIds.includes(agreementId)) return [];
  refuseWhenClosed(debt);
  refuseWhenDisputed(debt);
  if (debt.agreementId) throw new DebtorsRuleViolation('DEBT_IN_AGREEMENT', `debt is already in agreement ${debt.agreementId}`);
  return [{ type: 'DebtEnteredAgreement', data: { debtId: debt.ledger.terms.debtId, agreementId, enteredAt } }];
}

function leaveAgreement(command: LeaveAgreement, state: DebtState): DebtEvent[] {
  const debt = requireRegistered(state);
  const { agreementId, reason, now: leftAt } = command;
  if (debt.endedAgreementIds.includes(agreementId)) return [];
  if (debt.agreementId !== agreementId) {
    throw new DebtorsRuleViolation('DEBT_NOT_IN_AGREEMENT', `debt is not in agreement ${agreementId}`);
  }
  // Allowed after settlement too: the last installment of an agreement settles the debt
  // and the agreement is then closed; the status stays settled.
  const debtId = debt.ledger.terms.debtId;
  const left: DebtEvent = { type: 'DebtLeftAgreement', data: { debtId, agreementId, reason, leftAt } };
  if (command.fulfilledOn === undefined || debt.closure === 'settled' || debt.ledger.cancelled) return [left];
  // Fulfilled: the agreement replaced the debt (novação). What it still owes on that day,
  // after the day's payments, is the discount granted: waived, and the debt is settled,
  // so that nothing is demanded of it again (CDC art. 42).
  refuseFutureDate(command.fulfilledOn, 'fulfilledOn', leftAt);
  const { totalDue } = computeBalance(debt.ledger, command.fulfilledOn);
  return [left, { type: 'DebtSettled', data: { debtId, settledOn: command.fulfilledOn, agreement: { agreementId, waived: totalDue } } }];
}

export function decideDebt(command: DebtCommand, state: DebtState): DebtEvent[] {
  switch (command.type) {
    case 'RegisterDebt':
      return registerDebt(command, state);
    case 'MarkOverdue':
      return markOverdue(command, state);
    case 'ChangeAgingBucket':
      return changeAgingBucket(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'ReversePayment':
      return reversePayment(command, state);
    case 'OpenDispute':
      return openDispute(command, state);
    case 'ResolveDispute':
      return resolveDispute(command, state);
    case 'WriteOff':
      return writeOff(command, state);
    case 'EnterAgreement':
      return enterAgreement(command, state);
    case 'LeaveAgreement':
      return leaveAgreement(command, state);
    default:
      return assertNever(command, 'debt command');
  }
}

// --------------------------------------------------------------------- evolve

function registered(event: DebtRegistered): RegisteredDebt {
  const facts: Omit<RegisteredDebt, 'status'> = {
    ledger: { terms: event.data, payments: [], cancelled: false },
    delinquency: 'current',
    agingBucket: 'current',
    classifiedOn: null,
    dispute: null,
    agreementId: null,
    endedAgreementIds: [],
    closure: null,
    reversedPaymentIds: [],
  };
  return { ...facts, status: statusOf(facts) };
}

function applyFact(debt: RegisteredDebt, event: Exclude<DebtEvent, DebtRegistered>): Omit<RegisteredDebt, 'status'> {
  switch (event.type) {
    case 'DebtBecameOverdue':
      return { ...debt, delinquency: 'overdue', classifiedOn: laterOf(debt.classifiedOn, event.data.asOf) };
    case 'DebtAgingBucketChanged':
      return { ...debt, agingBucket: event.data.to, classifiedOn: laterOf(debt.classifiedOn, event.data.asOf) };
    case 'DebtDelinquencyCured':
      return { ...debt, delinquency: 'current', classifiedOn: laterOf(debt.classifiedOn, event.data.asOf) };
    case 'PaymentRecorded': {
      const { paymentId, amount, paidOn } = event.data;
      return {
        ...debt,
        ledger: { ...debt.ledger, payments: [...debt.ledger.payments, { paymentId, amount, paidOn }] },
        // The payment reclassified the debt as of its date (or a later one already classified).
        classifiedOn: debt.closure ? debt.classifiedOn : laterOf(debt.classifiedOn, paidOn),
      };
    }
    case 'DebtPaymentReversed': {
      const { paymentId, reversedOn } = event.data;
      return {
        ...debt,
        ledger: { ...debt.ledger, payments: debt.ledger.payments.filter((p) => p.paymentId !== paymentId) },
        reversedPaymentIds: [...debt.reversedPaymentIds, paymentId],
        classifiedOn: debt.closure ? debt.classifiedOn : laterOf(debt.classifiedOn, reversedOn),
      };
    }
    case 'DebtSettled':
      return {
        ...debt,
        closure: 'settled',
        ledger: event.data.agreement ? { ...debt.ledger, waivedOn: event.data.settledOn } : debt.ledger,
      };
    case 'DebtReopened':
      return { ...debt, closure: null, classifiedOn: laterOf(debt.classifiedOn, event.data.reopenedOn) };
    case 'DisputeOpened':
      return { ...debt, dispute: { reason: event.data.reason } };
    case 'DisputeResolved':
      return { ...debt, dispute: null };
    case 'DebtWrittenOff':
      return {
        ...debt,
        closure: 'written_off',
        ledger: { ...debt.ledger, cancelled: debt.ledger.cancelled || event.data.reason === 'dispute_upheld' },
      };
    case 'DebtEnteredAgreement':
      return { ...debt, agreementId: event.data.agreementId };
    case 'DebtLeftAgreement':
      return { ...debt, agreementId: null, endedAgreementIds: [...debt.endedAgreementIds, event.data.agreementId] };
    default:
      return assertNever(event, 'debt event');
  }
}

export function evolveDebt(state: DebtState, event: DebtEvent): DebtState {
  if (event.type === 'DebtRegistered') return registered(event);
  // A stream that does not start with DebtRegistered is corrupt; its other events have
  // nothing to apply to.
  if (state.status === 'unregistered') return state;
  const facts = applyFact(state, event);
  return { ...facts, status: statusOf(facts) };
}

export const debtDecider: Decider<DebtState, DebtCommand, DebtEvent> = {
  decide: decideDebt,
  evolve: evolveDebt,
  initialState: initialDebtState,
};
