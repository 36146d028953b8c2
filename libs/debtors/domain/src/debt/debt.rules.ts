import {
  Money,
  ValidationError,
  epochDay,
  parseText,
  rateAtMost,
  rateFraction,
  throwIfAny,
  validateAll,
  type DecimalRate,
  type FieldViolation,
  type IsoDate,
  type IsoInstant,
  type Rate,
} from '@collections/shared-kernel';
import type { AllocationOrder, AllocationPart, Installment } from './debt.events';

// The rules a debt's terms must meet: business rules, so they live here and the decider
// checks them on every registration, whatever entry point built the command. The request
// parsers call the same functions as well, so that a client is told every problem of its
// body in one 400 answer (format and rules together), with the same words. Checks of
// format (a date is a date, a rate is a decimal string) are the edge's alone.

// CDC art. 52 §1: the late fee (multa) may not exceed 2% of the installment.
const MAX_LATE_FEE_RATE: DecimalRate = { numerator: 2n, denominator: 100n };
/**
 * Bounds that keep every balance computable in integer centavos below 2^53 for a century
 * past the due date (R$ 100 billion at 10% a month for 1,200 months stays under 2^53):
 * no título is larger, and default interest far above 1% a month is not lawful for a
 * consumer (the legal rate, CC art. 406), 10% leaves room for business contracts.
 */
export const MAX_ORIGINAL_AMOUNT = 10_000_000_000_000; // R$ 100.000.000.000,00 in centavos
const MAX_MONTHLY_INTEREST_RATE: DecimalRate = { numerator: 10n, denominator: 100n };
// 1% a month pro rata die unless the contract (or the tenant's configuration) says otherwise.
export const DEFAULT_MONTHLY_INTEREST_RATE = '0.01' as Rate;
/**
 * A due date the platform can work with: from 1900 on, and no more than 100 years after
 * the command. Aging schedules checks and, later, legal deadlines years past a due date;
 * a date near the end of the calendar (9999-12-31) would put them past the year 9999,
 * where the database's dates and ISO strings part ways, and no receivable is due a
 * century from now (such a date is a typo).
 */
const EARLIEST_DUE_DATE = '1900-01-01';
const MAX_YEARS_AHEAD = 100;

/** The late fee cap (CDC art. 52 §1). */
export function checkLateFeeRate(rate: Rate, field = 'lateFeeRate'): Rate {
  if (!rateAtMost(rateFraction(rate), MAX_LATE_FEE_RATE)) {
    throw ValidationError.of(field, 'must not be above 2% (0.02) of the installment (CDC art. 52 §1)');
  }
  return rate;
}

/** The interest cap that keeps balances computable (see MAX_ORIGINAL_AMOUNT). */
export function checkMonthlyInterestRate(rate: Rate, field = 'monthlyInterestRate'): Rate {
  if (!rateAtMost(rateFraction(rate), MAX_MONTHLY_INTEREST_RATE)) throw ValidationError.of(field, 'must be at most 0.10 (10% a month)');
  return rate;
}

/** Money owed or paid is more than nothing. */
export function checkPositiveAmount(amount: Money, field: string): Money {
  if (amount.amount < 0) throw ValidationError.of(`${field}.amount`, 'must not be negative');
  if (amount.amount === 0) throw ValidationError.of(`${field}.amount`, 'must be greater than zero');
  return amount;
}

/** A título is more than nothing and at most R$ 100 billion. */
export function checkOriginalAmount(amount: Money, field = 'originalAmount'): Money {
  checkPositiveAmount(amount, field);
  if (amount.amount > MAX_ORIGINAL_AMOUNT) throw ValidationError.of(`${field}.amount`, `must be at most ${MAX_ORIGINAL_AMOUNT} centavos`);
  return amount;
}

/**
 * A due date from 1900 on and, when the command's `now` is known (the decider), at most
 * 100 years after it. The edge, which has no `now`, checks the first bound only.
 */
export function checkDueDate(date: IsoDate, field: string, now?: IsoInstant): IsoDate {
  if (date < EARLIEST_DUE_DATE) throw ValidationError.of(field, `must not be before ${EARLIEST_DUE_DATE}`);
  if (now !== undefined && epochDay(date) > epochDay(now.slice(0, 10)) + MAX_YEARS_AHEAD * 366) {
    throw ValidationError.of(field, `must be at most ${MAX_YEARS_AHEAD} years from today`);
  }
  return date;
}

/**
 * The schedule is exactly the debt: installments numbered once each from 1, more than
 * nothing, in the debt's currency, falling due in the order of their numbers, adding up
 * to the original amount to the centavo. Returns it in the order of its numbers; every
 * problem is reported at once.
 */
export function checkSchedule(installments: readonly Installment[], originalAmount: Money, now?: IsoInstant): Installment[] {
  if (installments.length === 0) throw ValidationError.of('installments', 'must be a non-empty list when given');
  const violations: FieldViolation[] = [];
  const schedule: Installment[] = [];
  installments.forEach((installment, index) => {
    const field = `installments[${index}]`;
    try {
      validateAll({
        number: () => {
          if (!Number.isSafeInteger(installment.number) || installment.number < 1) throw ValidationError.of(`${field}.number`, 'must be a positive integer');
        },
        amount: () => {
          checkPositiveAmount(installment.amount, `${field}.amount`);
          if (installment.amount.currency !== originalAmount.currency) {
            throw ValidationError.of(`${field}.amount.currency`, `must be ${originalAmount.currency}, the currency of originalAmount`);
          }
        },
        dueDate: () => checkDueDate(installment.dueDate, `${field}.dueDate`, now),
      });
      if (schedule.some((i) => i.number === installment.number)) {
        violations.push({ field: `${field}.number`, message: `installment ${installment.number} appears twice` });
      }
      schedule.push(installment);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      violations.push(...error.violations);
    }
  });
  throwIfAny(violations);
  schedule.sort((a, b) => a.number - b.number);
  schedule.forEach((installment, index) => {
    const previous = schedule[index - 1];
    if (previous && installment.dueDate < previous.dueDate) {
      violations.push({ field: 'installments', message: `installment ${installment.number} falls due before installment ${previous.number}` });
    }
  });
  // Not a centavo lost or invented: the schedule is exactly the debt.
  const total = Money.sum(
    schedule.map((i) => i.amount),
    originalAmount.currency,
  );
  if (!Money.equals(total, originalAmount)) {
    violations.push({
      field: 'installments',
      message: `must add up to originalAmount (${Money.toDecimal(originalAmount)}), they add up to ${Money.toDecimal(total)}`,
    });
  }
  throwIfAny(violations);
  return schedule;
}

/** The legal default (Código Civil art. 354): interest first, then the late fee, then principal. */
export const DEFAULT_ALLOCATION_ORDER: AllocationOrder = ['interest', 'lateFee', 'principal'];

/** A segment or portfolio label: trimmed, 1-50 characters (it names a cadence, a policy, a report's row). */
export function checkLabel(value: string, field: 'segment' | 'portfolio'): string {
  return parseText(value, field, { max: 50 });
}

/** An order of imputation names interest, late fee and principal, each exactly once. */
export function checkAllocationOrder(order: readonly string[], field = 'allocationOrder'): AllocationOrder {
  const parts: readonly AllocationPart[] = ['interest', 'lateFee', 'principal'];
  if (order.length !== 3 || !parts.every((part) => order.includes(part))) {
    throw ValidationError.of(field, 'must name interest, lateFee and principal, each once, in the order payments pay them');
  }
  return order as unknown as AllocationOrder;
}
