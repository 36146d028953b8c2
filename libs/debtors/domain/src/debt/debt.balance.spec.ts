import { Money, ValidationError } from '@collections/shared-kernel';
import { DomainRuleViolation } from '@collections/shared-kernel';
import {
  DEBT_ID,
  at,
  brl,
  debtRegistered,
  installmentDebtRegistered,
  paymentRecorded,
} from '../testing/debt.fixtures';
import { balanceAsOf, prorataInterest, type DebtBalance } from './debt.balance';
import type { DebtEvent } from './debt.events';

// The debt of the fixtures: R$ 1.234,56 (123456 centavos) due 2026-01-10, late fee 2%,
// default interest 1% a month pro rata die (a day = 1/30 of the monthly rate).
// Late fee, once: 123456 x 0.02 = 2469.12 -> 2469.
const registered = debtRegistered();

const amounts = (balance: DebtBalance) => ({
  principal: balance.principalOutstanding.amount,
  lateFee: balance.lateFee.amount,
  interest: balance.interest.amount,
  totalDue: balance.totalDue.amount,
});

describe('balanceAsOf', () => {
  it('owes only the principal before and on the due date', () => {
    for (const asOf of ['2026-01-05', '2026-01-10']) {
      expect(amounts(balanceAsOf([registered], asOf))).toEqual({ principal: 123_456, lateFee: 0, interest: 0, totalDue: 123_456 });
    }
  });

  it('charges the late fee once and one day of interest the day after the due date', () => {
    // 1 day: 123456 x 0.01 x 1 / 30 = 41.152 -> 41; total 123456 + 2469 + 41 = 125966.
    const balance = balanceAsOf([registered], '2026-01-11');
    expect(amounts(balance)).toEqual({ principal: 123_456, lateFee: 2469, interest: 41, totalDue: 125_966 });
    expect(balance.daysPastDue).toBe(1);
    expect(balance.earliestUnpaidDueDate).toBe('2026-01-10');
  });

  it('accrues interest pro rata die over a 45-day span, to the centavo', () => {
    // 2026-01-10 -> 2026-02-24 is 45 days (21 in January, 24 in February).
    // 123456 x 0.01 x 45 / 30 = 1851.84 -> 1852 (one rounding for the period).
    // The fee is still charged once: 2469. Total 123456 + 2469 + 1852 = 127777.
    const balance = balanceAsOf([registered], '2026-02-24');
    expect(amounts(balance)).toEqual({ principal: 123_456, lateFee: 2469, interest: 1852, totalDue: 127_777 });
    expect(balance.daysPastDue).toBe(45);
  });

  describe('with a payment of R$ 500,00 on 2026-01-30 (20 days past due)', () => {
    // On 2026-01-30: interest 123456 x 0.01 x 20 / 30 = 823.04 -> 823; fee 2469.
    // Allocation: interest 823, fee 2469, principal 50000 - 823 - 2469 = 46708.
    // Principal left: 123456 - 46708 = 76748.
    const history: DebtEvent[] = [registered, paymentRecorded('pay-1', 50_000, '2026-01-30', { interest: 823, lateFee: 2469, principal: 46_708 })];

    it('allocates the payment to interest, then the late fee, then principal', () => {
      const [applied] = balanceAsOf(history, '2026-01-30').payments;
      expect(applied?.allocation).toEqual({ interest: brl(823), lateFee: brl(2469), principal: brl(46_708) });
      expect(applied?.overpayment).toEqual(brl(0));
    });

    it('accrues after the payment on the reduced principal only', () => {
      // 2026-01-30 -> 2026-02-24 is 25 days: 76748 x 0.01 x 25 / 30 = 639.566... -> 640.
      // Total 76748 + 640 = 77388; interest charged over the 45 days: 823 + 640 = 1463.
      const balance = balanceAsOf(history, '2026-02-24');
      expect(amounts(balance)).toEqual({ principal: 76_748, lateFee: 0, interest: 640, totalDue: 77_388 });
      expect(balance.charged).toEqual({ lateFee: brl(2469), interest: brl(1463) });
      expect(balance.paid).toEqual({ interest: brl(823), lateFee: brl(2469), principal: brl(46_708) });
    });

    it('ignores the payment in a balance as of the day before it was paid', () => {
      // 19 days: 123456 x 0.01 x 19 / 30 = 781.888 -> 782; total 123456 + 2469 + 782 = 126707.
      const balance = balanceAsOf(history, '2026-01-29');
      expect(amounts(balance)).toEqual({ principal: 123_456, lateFee: 2469, interest: 782, totalDue: 126_707 });
      expect(balance.payments).toEqual([]);
      expect(balance.paid.principal).toEqual(brl(0));
    });

    it('keeps days past due counting from the unpaid due date after a partial payment', () => {
      expect(balanceAsOf(history, '2026-02-24').daysPastDue).toBe(45);
    });
  });

  it('applies a back-dated payment from its own date, whatever the order it was recorded in', () => {
    const inOrder = [registered, paymentRecorded('pay-1', 50_000, '2026-01-30'), paymentRecorded('pay-2', 10_000, '2026-02-10')];
    const backDated = [registered, paymentRecorded('pay-2', 10_000, '2026-02-10'), paymentRecorded('pay-1', 50_000, '2026-01-30')];
    expect(balanceAsOf(backDated, '2026-02-24')).toEqual(balanceAsOf(inOrder, '2026-02-24'));
  });

  it('gives a payment smaller than the interest entirely to interest, dropping nothing', () => {
    // 823 of interest accrued by 2026-01-30: R$ 5,00 pays 500 of it, 323 stays due.
    const balance = balanceAsOf([registered, paymentRecorded('pay-1', 500, '2026-01-30')], '2026-01-30');
    expect(amounts(balance)).toEqual({ principal: 123_456, lateFee: 2469, interest: 323, totalDue: 126_248 });
  });

  it('never demands more than owed: the excess of a payment is overpaid, and nothing is due', () => {
    // Paid on the due date: no fee, no interest; 130000 - 123456 = 6544 overpaid.
    const balance = balanceAsOf([registered, paymentRecorded('pay-1', 130_000, '2026-01-10')], '2026-06-30');
    expect(amounts(balance)).toEqual({ principal: 0, lateFee: 0, interest: 0, totalDue: 0 });
    expect(balance.overpaid).toEqual(brl(6544));
    expect(balance.paidOffOn).toBe('2026-01-10');
    expect(balance.daysPastDue).toBe(0);
  });

  it.each(['2026-01-10', '2026-01-11', '2026-01-30', '2026-02-24', '2026-12-31'])(
    'accounts for every centavo as of %s: original + charged - paid = total due',
    (asOf) => {
      const history = [registered, paymentRecorded('pay-1', 50_000, '2026-01-30'), paymentRecorded('pay-2', 40_000, '2026-03-15')];
      const b = balanceAsOf(history, asOf);
      const owed = 123_456 + b.charged.lateFee.amount + b.charged.interest.amount;
      const paid = b.paid.interest.amount + b.paid.lateFee.amount + b.paid.principal.amount;
      expect(b.totalDue.amount).toBe(owed - paid);
      expect(b.totalDue.amount).toBeGreaterThanOrEqual(0);
      const received = b.payments.reduce((total, p) => total + p.amount.amount, 0);
      expect(paid + b.overpaid.amount).toBe(received);
    },
  );

  it('uses the monthly interest rate of the debt', () => {
    // 2% a month for 45 days: 123456 x 0.02 x 45 / 30 = 3703.68 -> 3704.
    expect(balanceAsOf([debtRegistered({ monthlyInterestRate: '0.02' })], '2026-02-24').interest).toEqual(brl(3704));
  });

  describe('with installments', () => {
    const schedule = installmentDebtRegistered(); // 3 x R$ 100,00 due Jan 10, Feb 10, Mar 10

    it('charges the late fee and interest on the overdue installment only, not on the whole debt', () => {
      // Only installment 1 is past due on 2026-01-11: fee 10000 x 0.02 = 200;
      // interest 10000 x 0.01 / 30 = 3.33 -> 3. Total 30000 + 200 + 3 = 30203.
      expect(amounts(balanceAsOf([schedule], '2026-01-11'))).toEqual({ principal: 30_000, lateFee: 200, interest: 3, totalDue: 30_203 });
    });

    it('counts days past due from the earliest unpaid installment, not the first one once it is paid', () => {
      const history = [schedule, paymentRecorded('pay-1', 10_000, '2026-01-10')];
      expect(balanceAsOf(history, '2026-02-05')).toMatchObject({ daysPastDue: 0, earliestUnpaidDueDate: '2026-02-10' });
      expect(balanceAsOf(history, '2026-02-11')).toMatchObject({ daysPastDue: 1, earliestUnpaidDueDate: '2026-02-10' });
      expect(balanceAsOf([schedule], '2026-02-15')).toMatchObject({ daysPastDue: 36, earliestUnpaidDueDate: '2026-01-10' });
    });

    it('adds each installment to the overdue principal as it falls due', () => {
      // Jan 10 -> Feb 10: 31 days on 10000: 10000 x 0.01 x 31 / 30 = 103.33 -> 103.
      // Feb 10 -> Feb 20: 10 days on 20000: 20000 x 0.01 x 10 / 30 = 66.67 -> 67.
      // Fees: 200 + 200. Total 30000 + 400 + 170 = 30570.
      expect(amounts(balanceAsOf([schedule], '2026-02-20'))).toEqual({ principal: 30_000, lateFee: 400, interest: 170, totalDue: 30_570 });
    });
  });

  it('owes nothing on a debt cancelled by an upheld dispute, and every payment is to be refunded', () => {
    const history: DebtEvent[] = [
      registered,
      paymentRecorded('pay-1', 20_000, '2026-01-20'),
      { type: 'DisputeOpened', data: { debtId: DEBT_ID, reason: 'never contracted', openedAt: at('2026-01-21') } },
      { type: 'DisputeResolved', data: { debtId: DEBT_ID, outcome: 'upheld', resolvedAt: at('2026-02-01') } },
      { type: 'DebtWrittenOff', data: { debtId: DEBT_ID, reason: 'dispute_upheld', note: 'never contracted', writtenOffAt: at('2026-02-01') } },
    ];
    const balance = balanceAsOf(history, '2026-03-01');
    expect(balance.totalDue).toEqual(brl(0));
    expect(balance.overpaid).toEqual(brl(20_000));
    expect(balance.cancelled).toBe(true);
  });

  it('refuses a history without a registration and an as-of that is not a date', () => {
    expect(() => balanceAsOf([], '2026-01-10')).toThrow(DomainRuleViolation);
    expect(() => balanceAsOf([registered], '2026-13-01')).toThrow(ValidationError);
  });
});

describe('prorataInterest', () => {
  it.each([
    [1500, 1, 0, '0.5 rounds half-even down to 0'],
    [4500, 1, 2, '1.5 rounds half-even up to 2'],
    [7500, 1, 2, '2.5 rounds half-even down to 2'],
    [123_456, 45, 1852, '1851.84 rounds to 1852'],
    [123_456, 0, 0, 'no days, no interest'],
  ])('charges %i centavos for %i days at 1%% a month as %i (%s)', (principal, days, expected) => {
    expect(prorataInterest(Money.of(principal), '0.01', days)).toEqual(Money.of(expected));
  });
});
