import { Money, assertNever, type CurrencyCode } from '@collections/shared-kernel';
import { DebtorsRuleViolation } from '../debtors-rule-code';
import { epochDay, parseDecimalRate, parseIsoDate, type IsoDate } from '@collections/shared-kernel';
import { daysPastDue } from './aging';
import { DEFAULT_ALLOCATION_ORDER } from './debt.rules';
import type { DebtEvent, DebtRegistered, PaymentAllocation } from './debt.events';

/** What the balance is computed from: the terms, the payments, and whether the debt was cancelled. */
export interface DebtLedger {
  readonly terms: DebtRegistered['data'];
  /** In the order they were recorded. */
  readonly payments: readonly LedgerPayment[];
  /** A dispute was upheld: the debt was never owed. */
  readonly cancelled: boolean;
  /**
   * A fulfilled agreement settled the debt on this date: what was owed at the end of
   * that day (after its payments) is waived, and nothing accrues after it.
   */
  readonly waivedOn?: IsoDate;
}

export interface LedgerPayment {
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
}

export interface AppliedPayment extends LedgerPayment {
  readonly allocation: PaymentAllocation;
  readonly overpayment: Money;
}

export interface DebtBalance {
  readonly asOf: IsoDate;
  readonly principalOutstanding: Money;
  /** Late fee charged and not yet paid. */
  readonly lateFee: Money;
  /** Default interest accrued and not yet paid. */
  readonly interest: Money;
  /** What may be demanded as of `asOf`: never negative, never more than owed (CDC art. 42). */
  readonly totalDue: Money;
  /** Everything charged so far, paid or not: with `paid`, the balance can be audited line by line. */
  readonly charged: { readonly lateFee: Money; readonly interest: Money };
  readonly paid: PaymentAllocation;
  /** Paid beyond what was owed, to be refunded; never netted against later charges. */
  readonly overpaid: Money;
  /** Forgiven when a fulfilled agreement settled the debt (its discount); zero otherwise. */
  readonly waived: Money;
  readonly earliestUnpaidDueDate: IsoDate | null;
  readonly daysPastDue: number;
  /** The date the balance reached zero, if it did by `asOf`. */
  readonly paidOffOn: IsoDate | null;
  readonly cancelled: boolean;
  /** Payments dated up to `asOf`, in the order they were applied (paidOn, then recording order). */
  readonly payments: readonly AppliedPayment[];
}

/** n / d rounded half-even (banker's rounding, as Money.multiply), for n >= 0 and d > 0. */
function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * Simple default interest for `days` days at `monthlyRate` a month pro rata die, the
 * month counted as 30 days: principal x rate x days / 30, on integer centavos, rounded
 * once (half-even). Not Money.multiply: the daily rate (1%/30 = 0.000333...) has no
 * finite decimal form, and rounding it first would bias every period.
 */
export function prorataInterest(principal: Money, monthlyRate: string, days: number): Money {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`prorataInterest: days must be a non-negative integer, got ${days}`);
  if (principal.amount < 0) throw new RangeError('prorataInterest: principal must not be negative');
  const rate = parseDecimalRate(monthlyRate, 'monthlyInterestRate');
  const amount = divideHalfEven(BigInt(principal.amount) * rate.numerator * BigInt(days), rate.denominator * 30n);
  return Money.of(Number(amount), principal.currency);
}

/** Reads the ledger out of a debt's history. Every event type is considered, on purpose. */
export function ledgerOf(history: readonly DebtEvent[]): DebtLedger {
  let terms: DebtRegistered['data'] | undefined;
  const payments: LedgerPayment[] = [];
  let cancelled = false;
  let waivedOn: IsoDate | undefined;
  for (const event of history) {
    switch (event.type) {
      case 'DebtRegistered':
        terms = event.data;
        break;
      case 'PaymentRecorded':
        payments.push({ paymentId: event.data.paymentId, amount: event.data.amount, paidOn: event.data.paidOn });
        break;
      case 'DebtPaymentReversed': {
        // As if it had never been made: the balance is recomputed without it from its date.
        const at = payments.findIndex((p) => p.paymentId === event.data.paymentId);
        if (at >= 0) payments.splice(at, 1);
        break;
      }
      case 'DebtWrittenOff':
        cancelled ||= event.data.reason === 'dispute_upheld';
        break;
      case 'DebtSettled':
        // a fulfilled agreement's settlement waives what was still owed on its date
        if (event.data.agreement) waivedOn = event.data.settledOn;
        break;
      // Classification, dispute and agreement events do not change what is owed.
      case 'DebtBecameOverdue':
      case 'DebtAgingBucketChanged':
      case 'DebtDelinquencyCured':
      case 'DebtReopened':
      case 'DisputeOpened':
      case 'DisputeResolved':
      case 'DebtEnteredAgreement':
      case 'DebtLeftAgreement':
        break;
      default:
        assertNever(event, 'debt event');
    }
  }
  if (!terms) throw new DebtorsRuleViolation('DEBT_NOT_REGISTERED', 'the history has no DebtRegistered event');
  return waivedOn === undefined ? { terms, payments, cancelled } : { terms, payments, cancelled, waivedOn };
}

/**
 * The auditor's "balance as of any date", computed from the events only. Payments dated
 * after `asOf` are ignored; payments are applied in paidOn order whatever the order they
 * were recorded in, so a back-dated payment reduces the interest from its own date.
 */
export function balanceAsOf(history: readonly DebtEvent[], asOf: IsoDate): DebtBalance {
  return computeBalance(ledgerOf(history), parseIsoDate(asOf, 'asOf'));
}

interface OpenInstallment {
  readonly dueDate: IsoDate;
  readonly dueDay: number;
  remaining: number;
  feeCharged: boolean;
}

/**
 * Day-by-day accrual, computed per period (a stretch of days in which the overdue
 * principal does not change, cut at each due date and each payment):
 *
 * - Late fee (multa): lateFeeRate x the installment's unpaid principal, charged once, on
 *   the first day the installment is past due (after the payments of its due date).
 *   Only the installment that falls overdue bears it, never the whole debt.
 * - Default interest (juros de mora): on the overdue principal only, from the day after
 *   the due date; a payment on day D pays the interest of day D and reduces what accrues
 *   after D.
 * - Allocation of each payment, explicitly and in the contract's order of imputation, so
 *   that a partial payment never silently drops fees or interest: by default interest
 *   first (Código Civil art. 354: payment is imputed to interest before capital, unless
 *   the contract stipulates otherwise), then late fee, then principal of the oldest
 *   installment first; what is left is overpayment.
 */
export function computeBalance(ledger: DebtLedger, asOf: IsoDate): DebtBalance {
  const { terms } = ledger;
  const currency: CurrencyCode = terms.originalAmount.currency;
  const money = (amount: number): Money => Money.of(amount, currency);
  const asOfDay = epochDay(asOf);
  const payments = ledger.payments
    .filter((p) => epochDay(p.paidOn) <= asOfDay)
    .sort((a, b) => epochDay(a.paidOn) - epochDay(b.paidOn)); // stable: same day keeps recording order

  if (ledger.cancelled) return cancelledBalance(asOf, payments, currency);

  const installments: OpenInstallment[] = [...terms.installments]
    .sort((a, b) => epochDay(a.dueDate) - epochDay(b.dueDate) || a.number - b.number)
    .map((i) => ({ dueDate: i.dueDate, dueDay: epochDay(i.dueDate), remaining: i.amount.amount, feeCharged: false }));

  let interestDue = 0;
  let feeDue = 0;
  let chargedInterest = 0;
  let chargedFee = 0;
  const paid = { interest: 0, lateFee: 0, principal: 0 };
  let overpaid = 0;
  let paidOffOn: IsoDate | null = null;
  const applied: AppliedPayment[] = [];
  // Interest has been accrued up to and including this day. Nothing accrues before the
  // first due date, so that is where the count starts.
  let accruedThrough = Math.min(...installments.map((i) => i.dueDay));

  const accrueUntil = (day: number): void => {
    while (accruedThrough < day) {
      for (const installment of installments) {
        if (!installment.feeCharged && installment.dueDay <= accruedThrough) {
          installment.feeCharged = true;
          const fee = Money.multiply(money(installment.remaining), terms.lateFeeRate).amount;
          feeDue += fee;
          chargedFee += fee;
        }
      }
      const nextDueDay = Math.min(...installments.filter((i) => i.dueDay > accruedThrough).map((i) => i.dueDay));
      const periodEnd = Math.min(day, nextDueDay);
      const overduePrincipal = installments
        .filter((i) => i.dueDay <= accruedThrough)
        .reduce((total, i) => total + i.remaining, 0);
      const interest = prorataInterest(money(overduePrincipal), terms.monthlyInterestRate, periodEnd - accruedThrough).amount;
      interestDue += interest;
      chargedInterest += interest;
      accruedThrough = periodEnd;
    }
  };

  const outstanding = (): number => interestDue + feeDue + installments.reduce((total, i) => total + i.remaining, 0);
  const order = terms.allocationOrder ?? DEFAULT_ALLOCATION_ORDER;

  // The waiver of a fulfilled agreement, at the end of its day: payments of that day or
  // before are applied first, later ones find nothing owed (overpayment).
  let waived = 0;
  const waiverDay = ledger.waivedOn === undefined ? undefined : epochDay(ledger.waivedOn);
  let waiverPending = waiverDay !== undefined && waiverDay <= asOfDay;
  const waiveThrough = (day: number): void => {
    if (!waiverPending || waiverDay === undefined || waiverDay >= day) return;
    waiverPending = false;
    accrueUntil(waiverDay);
    waived = outstanding();
    interestDue = 0;
    feeDue = 0;
    installments.forEach((i) => (i.remaining = 0));
    if (paidOffOn === null) paidOffOn = ledger.waivedOn!;
  };

  for (const payment of payments) {
    waiveThrough(epochDay(payment.paidOn));
    accrueUntil(epochDay(payment.paidOn));
    let left = payment.amount.amount;
    let toInterest = 0;
    let toFee = 0;
    let toPrincipal = 0;
    // in the contract's order of imputation (by default interest, late fee, principal)
    for (const part of order) {
      switch (part) {
        case 'interest':
          toInterest = Math.min(left, interestDue);
          left -= toInterest;
          break;
        case 'lateFee':
          toFee = Math.min(left, feeDue);
          left -= toFee;
          break;
        case 'principal':
          for (const installment of installments) {
            const paid = Math.min(left, installment.remaining);
            installment.remaining -= paid;
            toPrincipal += paid;
            left -= paid;
          }
          break;
        default:
          assertNever(part, 'allocation part');
      }
    }
    interestDue -= toInterest;
    feeDue -= toFee;
    paid.interest += toInterest;
    paid.lateFee += toFee;
    paid.principal += toPrincipal;
    overpaid += left;
    if (paidOffOn === null && outstanding() === 0) paidOffOn = payment.paidOn;
    applied.push({
      ...payment,
      allocation: { interest: money(toInterest), lateFee: money(toFee), principal: money(toPrincipal) },
      overpayment: money(left),
    });
  }
  waiveThrough(asOfDay + 1);
  accrueUntil(asOfDay);

  const earliestUnpaid = installments.find((i) => i.remaining > 0);
  const principalOutstanding = installments.reduce((total, i) => total + i.remaining, 0);
  return {
    asOf,
    principalOutstanding: money(principalOutstanding),
    lateFee: money(feeDue),
    interest: money(interestDue),
    totalDue: money(outstanding()),
    charged: { lateFee: money(chargedFee), interest: money(chargedInterest) },
    paid: { interest: money(paid.interest), lateFee: money(paid.lateFee), principal: money(paid.principal) },
    overpaid: money(overpaid),
    waived: money(waived),
    earliestUnpaidDueDate: earliestUnpaid?.dueDate ?? null,
    daysPastDue: earliestUnpaid ? daysPastDue(earliestUnpaid.dueDate, asOf) : 0,
    paidOffOn,
    cancelled: false,
    payments: applied,
  };
}

/** A cancelled debt owes nothing, as of any date: every payment on it is to be refunded. */
function cancelledBalance(asOf: IsoDate, payments: readonly LedgerPayment[], currency: CurrencyCode): DebtBalance {
  const zero = Money.zero(currency);
  return {
    asOf,
    principalOutstanding: zero,
    lateFee: zero,
    interest: zero,
    totalDue: zero,
    charged: { lateFee: zero, interest: zero },
    paid: { interest: zero, lateFee: zero, principal: zero },
    overpaid: Money.sum(
      payments.map((p) => p.amount),
      currency,
    ),
    waived: zero,
    earliestUnpaidDueDate: null,
    daysPastDue: 0,
    paidOffOn: null,
    cancelled: true,
    payments: payments.map((p) => ({
      ...p,
      allocation: { interest: zero, lateFee: zero, principal: zero },
      overpayment: p.amount,
    })),
  };
}
