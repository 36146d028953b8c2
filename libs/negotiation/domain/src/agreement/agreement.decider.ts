import {
  Money,
  TenantId,
  ValidationError,
  assertNever,
  epochDay,
  parseDecimalRate,
  parseIsoDate,
  parseIsoInstant,
  parseOneOf,
  parsePastOrPresentDate,
  parseReference,
  parseText,
  parseUuid,
  validateAll,
  type CurrencyCode,
  type Decider,
  type DecimalRate,
  type IsoDate,
} from '@collections/shared-kernel';
import { addMonthsClamped } from '../calendar';
import { NegotiationRuleViolation } from '../negotiation-rule-code';
import { divideHalfEven } from '../offer/installment-schedule';
import type {
  AgreementCommand,
  CancelAgreement,
  CheckInstallments,
  EnterAgreement,
  QuoteEarlySettlement,
  RecordAgreementPayment,
  RequestInstallmentCharge,
} from './agreement.commands';
import type { AgreementEvent, EarlySettlementQuoted, InstallmentPaid, PaymentAllocation } from './agreement.events';

/** One installment of the schedule with what has happened to it, in centavos. */
export interface InstallmentState {
  readonly number: number;
  readonly dueDate: IsoDate;
  readonly amount: number;
  readonly paid: number;
  /** Taken off by an early settlement. */
  readonly waived: number;
  readonly overdue: boolean;
  /** What the last charge asked for (null before any): a retried deadline does not charge twice. */
  readonly charged: number | null;
}

export type AgreementStatus = 'active' | 'broken' | 'fulfilled' | 'cancelled';

export interface EnteredAgreement {
  readonly status: AgreementStatus;
  readonly agreementId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly currency: CurrencyCode;
  readonly installments: readonly InstallmentState[];
  readonly monthlyInterestRate: string;
  readonly toleranceDays: number;
  /** Carried so that the service can refuse a renegotiation beyond the policy's limit. */
  readonly renegotiationCount: number;
  readonly paymentIds: readonly string[];
  /** Money received beyond what the agreement asked: kept for a refund, never lost. */
  readonly surplus: number;
  readonly quote: EarlySettlementQuoted['data'] | null;
}

export type AgreementState = { readonly status: 'none' } | EnteredAgreement;

export const initialAgreementState = (): AgreementState => ({ status: 'none' });

const MAX_DEBTS = 200;
const MAX_TOLERANCE_DAYS = 365;

export const remainingOf = (installment: InstallmentState): number => installment.amount - installment.paid - installment.waived;

function requireEntered(state: AgreementState): EnteredAgreement {
  if (state.status === 'none') throw new NegotiationRuleViolation('AGREEMENT_NOT_ENTERED', 'no agreement was entered under this id');
  return state;
}

function requireActive(agreement: EnteredAgreement): void {
  if (agreement.status !== 'active') throw new NegotiationRuleViolation('AGREEMENT_ENDED', `agreement ${agreement.agreementId} is ${agreement.status}`);
}

function stamp(command: AgreementCommand): string {
  const { now } = validateAll({ now: () => parseIsoInstant(command.now, 'now'), actor: () => parseText(command.actor, 'actor', { max: 200 }) });
  return now;
}

const scopeOf = (a: EnteredAgreement) => ({ agreementId: a.agreementId, debtorId: a.debtorId, debtIds: a.debtIds });
const money = (amount: number, currency: CurrencyCode): Money => Money.of(amount, currency);

// ---------------------------------------------------------------- EnterAgreement

function enterAgreement(command: EnterAgreement, state: AgreementState): AgreementEvent[] {
  if (state.status !== 'none') throw new NegotiationRuleViolation('AGREEMENT_ALREADY_ENTERED', `agreement ${command.agreementId} was already entered`);
  const now = stamp(command);
  const input = validateAll({
    agreementId: () => parseUuid(command.agreementId, 'agreementId'),
    tenantId: () => TenantId.parse(command.tenantId),
    debtorId: () => parseUuid(command.debtorId, 'debtorId'),
    offerId: () => parseUuid(command.offerId, 'offerId'),
    debtIds: () => {
      if (!Array.isArray(command.debtIds) || command.debtIds.length === 0 || command.debtIds.length > MAX_DEBTS) {
        throw ValidationError.of('debtIds', `must list 1 to ${MAX_DEBTS} debts`);
      }
      return command.debtIds.map((id, index) => parseUuid(id, `debtIds[${index}]`));
    },
    toleranceDays: () => wholeNumber(command.toleranceDays, 'toleranceDays', MAX_TOLERANCE_DAYS),
    renegotiationCount: () => wholeNumber(command.renegotiationCount, 'renegotiationCount', 1000),
    renegotiationLimit: () => wholeNumber(command.renegotiationLimit, 'renegotiationLimit', 1000),
    renegotiates: () => (command.renegotiates === undefined ? null : parseUuid(command.renegotiates, 'renegotiates')),
    monthlyInterestRate: () => {
      parseDecimalRate(command.terms.monthlyInterestRate, 'terms.monthlyInterestRate');
      return command.terms.monthlyInterestRate;
    },
    schedule: () => checkedSchedule(command),
  });
  if (input.renegotiationCount > input.renegotiationLimit) {
    throw new NegotiationRuleViolation(
      'RENEGOTIATION_LIMIT_REACHED',
      `renegotiation ${input.renegotiationCount} is beyond the policy's limit of ${input.renegotiationLimit}`,
    );
  }
  if (input.renegotiationCount > 0 && input.renegotiates === null) throw ValidationError.of('renegotiates', 'must name the broken agreement a renegotiation replaces');
  return [
    {
      type: 'AgreementEntered',
      data: {
        agreementId: input.agreementId,
        tenantId: input.tenantId,
        debtorId: input.debtorId,
        debtIds: input.debtIds,
        offerId: input.offerId,
        schedule: input.schedule,
        total: command.terms.total,
        monthlyInterestRate: input.monthlyInterestRate,
        toleranceDays: input.toleranceDays,
        renegotiationCount: input.renegotiationCount,
        renegotiates: input.renegotiates,
        enteredAt: now,
      },
    },
  ];
}

function wholeNumber(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) throw ValidationError.of(field, `must be an integer from 0 to ${max}`);
  return value;
}

/** The accepted offer's schedule, checked again: numbered 1..n, dated in order, adding up to its total. */
function checkedSchedule(command: EnterAgreement) {
  const { schedule, total } = command.terms;
  if (!Array.isArray(schedule) || schedule.length === 0) throw ValidationError.of('terms.schedule', 'must be a non-empty list');
  const parsedTotal = Money.parse(total, 'terms.total', { allowZero: false });
  let sum = 0;
  const checked = schedule.map((installment, index) => {
    const field = `terms.schedule[${index}]`;
    const amount = Money.parse(installment.amount, `${field}.amount`, { allowZero: false });
    if (amount.currency !== parsedTotal.currency) throw ValidationError.of(`${field}.amount.currency`, `must be ${parsedTotal.currency}`);
    if (installment.number !== index + 1) throw ValidationError.of(`${field}.number`, `must be ${index + 1}`);
    const dueDate = parseIsoDate(installment.dueDate, `${field}.dueDate`);
    const previous = schedule[index - 1];
    if (previous && dueDate < previous.dueDate) throw ValidationError.of(`${field}.dueDate`, 'must not fall before the previous installment');
    sum += amount.amount;
    return { number: installment.number, dueDate, amount };
  });
  if (sum !== parsedTotal.amount) throw ValidationError.of('terms.schedule', `must add up to the total ${Money.toDecimal(parsedTotal)}`);
  return checked;
}

// ---------------------------------------------------------------- charges and payments

/**
 * A charge (boleto, PIX) for what is still owed on an installment. Asked again for the same
 * amount (a retried deadline), it changes nothing; after a partial payment it asks for the rest.
 */
function requestCharge(command: RequestInstallmentCharge, state: AgreementState): AgreementEvent[] {
  const agreement = requireEntered(state);
  const now = stamp(command);
  requireActive(agreement);
  const installment = agreement.installments.find((i) => i.number === command.installment);
  if (!installment) throw new NegotiationRuleViolation('INSTALLMENT_NOT_FOUND', `agreement ${agreement.agreementId} has no installment ${command.installment}`);
  const outstanding = remainingOf(installment);
  if (outstanding === 0) throw new NegotiationRuleViolation('INSTALLMENT_ALREADY_PAID', `installment ${installment.number} is paid`);
  if (installment.charged === outstanding) return [];
  return [
    {
      type: 'InstallmentChargeRequested',
      data: { ...scopeOf(agreement), installment: installment.number, dueDate: installment.dueDate, amount: money(outstanding, agreement.currency), requestedAt: now },
    },
  ];
}

/**
 * Applies a payment oldest installment first; a partial payment accumulates on its
 * installment. A payment id already applied changes nothing: notices are redelivered.
 * Money arriving after the agreement ended is still recorded, all of it as surplus.
 */
function recordPayment(command: RecordAgreementPayment, state: AgreementState): AgreementEvent[] {
  const agreement = requireEntered(state);
  const now = stamp(command);
  const input = validateAll({
    paymentId: () => parseReference(command.paymentId, 'paymentId'),
    amount: () => {
      const amount = Money.parse(command.amount, 'amount', { allowZero: false });
      if (amount.currency !== agreement.currency) throw ValidationError.of('amount.currency', `must be ${agreement.currency}, the agreement's currency`);
      return amount;
    },
    paidOn: () => parsePastOrPresentDate(command.paidOn, 'paidOn', now),
  });
  if (agreement.paymentIds.includes(input.paymentId)) return [];
  const paid = (allocations: PaymentAllocation[], surplus: number, earlySettlement: boolean): InstallmentPaid => ({
    type: 'InstallmentPaid',
    data: {
      agreementId: agreement.agreementId,
      paymentId: input.paymentId,
      amount: input.amount,
      paidOn: input.paidOn,
      allocations,
      surplus: money(surplus, agreement.currency),
      earlySettlement,
      recordedAt: now,
    },
  });
  if (agreement.status !== 'active') return [paid([], input.amount.amount, false)];

  const quote = agreement.quote;
  if (quote && input.paidOn >= quote.asOf && input.paidOn <= quote.validUntil && input.amount.amount >= quote.amount.amount) {
    const allocations = quote.installments.map((q) => ({ installment: q.installment, amount: q.amount, waived: q.waived }));
    const event = paid(allocations, input.amount.amount - quote.amount.amount, true);
    return [event, ...fulfilled(agreement, input.paidOn, true, now)];
  }

  let left = input.amount.amount;
  const allocations: PaymentAllocation[] = [];
  for (const installment of agreement.installments) {
    if (left === 0) break;
    const applied = Math.min(left, remainingOf(installment));
    if (applied === 0) continue;
    allocations.push({ installment: installment.number, amount: money(applied, agreement.currency), waived: money(0, agreement.currency) });
    left -= applied;
  }
  const event = paid(allocations, left, false);
  const after = evolveAgreement(agreement, event) as EnteredAgreement;
  if (after.installments.every((i) => remainingOf(i) === 0)) return [event, ...fulfilled(agreement, input.paidOn, false, now)];
  return [event];
}

function fulfilled(agreement: EnteredAgreement, fulfilledOn: IsoDate, earlySettlement: boolean, now: string): AgreementEvent[] {
  return [
    { type: 'AgreementFulfilled', data: { ...scopeOf(agreement), fulfilledOn, earlySettlement, endedAt: now } },
    { type: 'AgreementEnded', data: { ...scopeOf(agreement), endedAt: now, reason: 'completed' } },
  ];
}

// ---------------------------------------------------------------- deadlines

/**
 * The check on a date: installments unpaid after their due date become overdue; one
 * unpaid more than the tolerance after its due date breaks the agreement. An installment
 * paid late but within the tolerance breaks nothing. The deadline may fire late or twice.
 */
function checkInstallments(command: CheckInstallments, state: AgreementState): AgreementEvent[] {
  const agreement = requireEntered(state);
  const now = stamp(command);
  const asOf = parsePastOrPresentDate(command.asOf, 'asOf', now);
  if (agreement.status !== 'active') return [];
  const events: AgreementEvent[] = [];
  const unpaid = agreement.installments.filter((i) => remainingOf(i) > 0);
  for (const installment of unpaid) {
    if (installment.overdue || installment.dueDate >= asOf) continue;
    events.push({
      type: 'InstallmentOverdue',
      data: { agreementId: agreement.agreementId, installment: installment.number, dueDate: installment.dueDate, outstanding: money(remainingOf(installment), agreement.currency), asOf },
    });
  }
  const pastTolerance = unpaid.find((i) => epochDay(asOf) - epochDay(i.dueDate) > agreement.toleranceDays);
  if (pastTolerance) {
    const paid = agreement.installments.reduce((sum, i) => sum + i.paid, 0);
    const outstanding = unpaid.reduce((sum, i) => sum + remainingOf(i), 0);
    events.push({
      type: 'AgreementBroken',
      data: {
        ...scopeOf(agreement),
        unpaidInstallment: pastTolerance.number,
        asOf,
        paid: money(paid, agreement.currency),
        outstanding: money(outstanding, agreement.currency),
        renegotiationCount: agreement.renegotiationCount,
        endedAt: now,
      },
    });
    events.push({ type: 'AgreementEnded', data: { ...scopeOf(agreement), endedAt: now, reason: 'broken', unpaidInstallment: pastTolerance.number } });
  }
  return events;
}

function cancelAgreement(command: CancelAgreement, state: AgreementState): AgreementEvent[] {
  const agreement = requireEntered(state);
  const now = stamp(command);
  const input = validateAll({
    cancelledBy: () => parseOneOf(command.cancelledBy, 'cancelledBy', ['debtor', 'creditor'] as const),
    reason: () => parseText(command.reason, 'reason', { max: 500 }),
  });
  requireActive(agreement);
  return [
    { type: 'AgreementCancelled', data: { ...scopeOf(agreement), cancelledBy: input.cancelledBy, reason: input.reason, endedAt: now } },
    { type: 'AgreementEnded', data: { ...scopeOf(agreement), endedAt: now, reason: 'cancelled', cancelledBy: input.cancelledBy } },
  ];
}

// ---------------------------------------------------------------- early settlement

/** Whole months from `from` to `to` (same day of the month, clamped): the interest periods not yet run. */
function wholeMonthsBetween(from: IsoDate, to: IsoDate): number {
  let months = 0;
  while (addMonthsClamped(from, months + 1) <= to) months += 1;
  return months;
}

/** `amount` brought back `months` months at the monthly rate, half-even to the centavo. */
function presentValue(amount: number, rate: DecimalRate, months: number): number {
  if (months === 0 || rate.numerator === 0n) return amount;
  const d = rate.denominator ** BigInt(months);
  const g = (rate.denominator + rate.numerator) ** BigInt(months);
  return Number(divideHalfEven(BigInt(amount) * d, g));
}

/**
 * The rest of the agreement paid at once: what is due is owed in full; each installment
 * not yet due is brought back to `asOf` at the agreement's financing rate, by the whole
 * months it is early, so its interest for those months is taken off (CDC art. 52 §2: early
 * settlement with a proportional reduction of interest). Any payment made after the quote
 * replaces it: the rest must be quoted again.
 */
function quoteEarlySettlement(command: QuoteEarlySettlement, state: AgreementState): AgreementEvent[] {
  const agreement = requireEntered(state);
  const now = stamp(command);
  const asOf = parsePastOrPresentDate(command.asOf, 'asOf', now);
  const validUntil = command.validUntil === undefined ? asOf : parseIsoDate(command.validUntil, 'validUntil');
  if (validUntil < asOf) throw ValidationError.of('validUntil', 'must not be before asOf');
  requireActive(agreement);
  const rate = parseDecimalRate(agreement.monthlyInterestRate, 'monthlyInterestRate');
  const installments = agreement.installments
    .filter((i) => remainingOf(i) > 0)
    .map((i) => {
      const remaining = remainingOf(i);
      const settles = i.dueDate <= asOf ? remaining : presentValue(remaining, rate, wholeMonthsBetween(asOf, i.dueDate));
      return { installment: i.number, amount: money(settles, agreement.currency), waived: money(remaining - settles, agreement.currency) };
    });
  const amount = installments.reduce((sum, i) => sum + i.amount.amount, 0);
  const waived = installments.reduce((sum, i) => sum + i.waived.amount, 0);
  return [
    {
      type: 'EarlySettlementQuoted',
      data: {
        agreementId: agreement.agreementId,
        asOf,
        validUntil,
        installments,
        amount: money(amount, agreement.currency),
        waived: money(waived, agreement.currency),
        quotedAt: now,
      },
    },
  ];
}

// ---------------------------------------------------------------- decide / evolve

function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'EnterAgreement':
      return enterAgreement(command, state);
    case 'RequestInstallmentCharge':
      return requestCharge(command, state);
    case 'RecordAgreementPayment':
      return recordPayment(command, state);
    case 'CheckInstallments':
      return checkInstallments(command, state);
    case 'CancelAgreement':
      return cancelAgreement(command, state);
    case 'QuoteEarlySettlement':
      return quoteEarlySettlement(command, state);
    default:
      return assertNever(command, 'agreement command');
  }
}

function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  switch (event.type) {
    case 'AgreementEntered': {
      const d = event.data;
      return {
        status: 'active',
        agreementId: d.agreementId,
        debtorId: d.debtorId,
        debtIds: d.debtIds,
        currency: d.total.currency,
        installments: d.schedule.map((i) => ({ number: i.number, dueDate: i.dueDate, amount: i.amount.amount, paid: 0, waived: 0, overdue: false, charged: null })),
        monthlyInterestRate: d.monthlyInterestRate,
        toleranceDays: d.toleranceDays,
        renegotiationCount: d.renegotiationCount,
        paymentIds: [],
        surplus: 0,
        quote: null,
      };
    }
    case 'InstallmentChargeRequested': {
      const agreement = requireEntered(state);
      const { installment, amount } = event.data;
      return { ...agreement, installments: agreement.installments.map((i) => (i.number === installment ? { ...i, charged: amount.amount } : i)) };
    }
    case 'InstallmentPaid': {
      const agreement = requireEntered(state);
      const byNumber = new Map(event.data.allocations.map((a) => [a.installment, a]));
      return {
        ...agreement,
        installments: agreement.installments.map((i) => {
          const allocation = byNumber.get(i.number);
          return allocation ? { ...i, paid: i.paid + allocation.amount.amount, waived: i.waived + allocation.waived.amount } : i;
        }),
        paymentIds: [...agreement.paymentIds, event.data.paymentId],
        surplus: agreement.surplus + event.data.surplus.amount,
        quote: null,
      };
    }
    case 'InstallmentOverdue': {
      const agreement = requireEntered(state);
      return { ...agreement, installments: agreement.installments.map((i) => (i.number === event.data.installment ? { ...i, overdue: true } : i)) };
    }
    case 'EarlySettlementQuoted':
      return { ...requireEntered(state), quote: event.data };
    case 'AgreementBroken':
      return { ...requireEntered(state), status: 'broken', quote: null };
    case 'AgreementFulfilled':
      return { ...requireEntered(state), status: 'fulfilled', quote: null };
    case 'AgreementCancelled':
      return { ...requireEntered(state), status: 'cancelled', quote: null };
    case 'AgreementEnded':
      // the public record of the ending just folded: the state already says it
      return requireEntered(state);
    default:
      return assertNever(event, 'agreement event');
  }
}

/** One agreement (acordo), stream `agreement-<agreementId>`. */
export const agreementDecider: Decider<AgreementState, AgreementCommand, AgreementEvent> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
};
