import { Money, ValidationError } from '@collections/shared-kernel';
import { balance, brl, policy } from '../testing/negotiation.fixtures';
import { computeOffer, type OfferComputation, type OfferInput, type OfferTerms } from './compute-offer';

// The balance of the fixtures: R$ 1.000,00 principal + R$ 150,00 interest + R$ 20,00 late
// fee = R$ 1.170,00, 91-180 days late. The policy for that bucket: up to 80% off late fee
// and interest (R$ 136,00), nothing off principal, an agent alone up to 10% of the balance
// (R$ 117,00), 12 installments at most, R$ 50,00 minimum, 1.99% a month, Price table.
const input = (overrides: Partial<OfferInput> = {}): OfferInput => ({
  balance,
  asOf: '2026-12-01',
  bucket: '91-180',
  segment: 'retail',
  policy: policy(),
  request: { kind: 'cash' },
  role: 'self-service',
  ...overrides,
});

function offered(result: OfferComputation): OfferTerms {
  if (result.outcome !== 'offer') throw new Error(`refused: ${result.rule} ${result.detail}`);
  return result.terms;
}
const amounts = (terms: OfferTerms) => terms.schedule.map((i) => i.amount.amount);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('computing an offer', () => {
  describe('discounts', () => {
    it('takes the discount from the late fee first, then the interest, and records the policy version and the balance as of', () => {
      const terms = offered(computeOffer(input()));
      expect(terms.discount).toEqual({ lateFee: brl(2_000), interest: brl(9_700), principal: brl(0), total: brl(11_700) });
      expect(terms).toMatchObject({ policyVersion: 3, asOf: '2026-12-01', expiresOn: '2026-12-06', negotiated: brl(105_300), total: brl(105_300) });
      expect(terms.balance.total).toEqual(brl(117_000));
      expect(terms.schedule).toEqual([{ number: 1, dueDate: '2026-12-01', amount: brl(105_300), kind: 'cash' }]);
    });

    it('an agent granting more than its limit makes an offer that needs a supervisor', () => {
      const result = computeOffer(input({ role: 'agent', request: { kind: 'cash', discount: brl(13_600) } }));
      expect(result).toMatchObject({ outcome: 'offer', approval: { required: true, rule: 'DISCOUNT_NEEDS_APPROVAL' } });
    });

    it('the same discount on the self-service page is refused: there is no supervisor to ask', () => {
      expect(computeOffer(input({ request: { kind: 'cash', discount: brl(13_600) } }))).toMatchObject({ outcome: 'refused', rule: 'DISCOUNT_NEEDS_APPROVAL' });
    });

    it('a supervisor grants up to the policy ceiling, and by default offers it', () => {
      const terms = offered(computeOffer(input({ role: 'supervisor' })));
      expect(terms.discount.total).toEqual(brl(13_600));
    });

    it('refuses a discount reaching the principal when the policy allows none on it', () => {
      expect(computeOffer(input({ role: 'supervisor', request: { kind: 'cash', discount: brl(13_601) } }))).toMatchObject({
        outcome: 'refused',
        rule: 'PRINCIPAL_DISCOUNT_NOT_ALLOWED',
      });
    });

    it('discounts principal only after late fee and interest are waived, up to the share the policy allows', () => {
      const terms = offered(computeOffer(input({ bucket: '360+', role: 'supervisor', request: { kind: 'cash', discount: brl(27_000) } })));
      expect(terms.discount).toEqual({ lateFee: brl(2_000), interest: brl(15_000), principal: brl(10_000), total: brl(27_000) });
      expect(computeOffer(input({ bucket: '360+', role: 'supervisor', request: { kind: 'cash', discount: brl(47_001) } }))).toMatchObject({
        rule: 'DISCOUNT_ABOVE_POLICY',
      });
    });

    it('a discount of the whole balance is not an offer (found by the property)', () => {
      const chargesOnly = { principal: brl(0), interest: brl(0), lateFee: brl(1) };
      expect(computeOffer(input({ balance: chargesOnly, role: 'supervisor', policy: policy({}, { maxChargesDiscount: '1' }) }))).toMatchObject({
        rule: 'DISCOUNT_OF_THE_WHOLE_BALANCE',
      });
    });

    it('refuses a bucket the policy does not cover', () => {
      expect(computeOffer(input({ bucket: '1-30' }))).toMatchObject({ outcome: 'refused', rule: 'NO_POLICY_FOR_BUCKET' });
    });
  });

  describe('installment plans', () => {
    const plan = (count: number, extra: Partial<Extract<OfferInput['request'], { kind: 'installments' }>> = {}) =>
      ({ kind: 'installments', count, firstDueDate: '2027-01-31', ...extra }) as const;

    it('a Price plan: equal installments, the last absorbing the rounding, adding up exactly to the total', () => {
      const terms = offered(computeOffer(input({ request: plan(6) })));
      const values = amounts(terms);
      expect(new Set(values.slice(0, 5)).size).toBe(1);
      expect(values[5]).toBeGreaterThanOrEqual(values[0]!);
      expect(sum(values)).toBe(terms.total.amount);
      expect(terms.total.amount).toBe(terms.negotiated.amount + terms.financingInterest.amount);
      expect(terms).toMatchObject({ amortization: 'price', monthlyInterestRate: '0.0199', financingCapped: false });
    });

    it('falls due monthly from the first date, clamped to the end of shorter months', () => {
      const terms = offered(computeOffer(input({ request: plan(4) })));
      expect(terms.schedule.map((i) => i.dueDate)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    });

    it('never totals above the balance as of the date: the financing rate is lowered to fit (CDC art. 42)', () => {
      const terms = offered(computeOffer(input({ role: 'agent', request: plan(12, { discount: brl(0) }) })));
      expect(terms.financingCapped).toBe(true);
      expect(terms.total.amount).toBeLessThanOrEqual(117_000);
      expect(Number(terms.monthlyInterestRate)).toBeLessThan(0.00001);
    });

    it('a SAC plan with a down payment due at once: the policy minimum of 10% is applied when none is asked', () => {
      const terms = offered(computeOffer(input({ bucket: '360+', request: plan(6) })));
      expect(terms.amortization).toBe('sac');
      expect(terms.schedule[0]).toEqual({ number: 1, dueDate: '2026-12-01', amount: terms.downPayment, kind: 'down_payment' });
      // 10% of the negotiated R$ 702,00 is R$ 70,20: the policy's floor of R$ 100,00 applies
      expect(terms.downPayment).toEqual(brl(10_000));
      const regular = amounts(terms).slice(1);
      expect(regular[0]).toBeGreaterThan(regular[5]!);
      expect(sum(amounts(terms))).toBe(terms.total.amount);
    });

    it('refuses a down payment below the policy minimum, and one that leaves nothing to finance', () => {
      expect(computeOffer(input({ bucket: '360+', request: plan(6, { downPayment: brl(9_999) }) }))).toMatchObject({ rule: 'DOWN_PAYMENT_BELOW_MINIMUM' });
      expect(computeOffer(input({ request: plan(6, { downPayment: brl(105_300) }) }))).toMatchObject({ rule: 'DOWN_PAYMENT_ABOVE_TOTAL' });
    });

    it('refuses more installments than the policy allows for the bucket', () => {
      expect(computeOffer(input({ request: plan(13) }))).toMatchObject({ outcome: 'refused', rule: 'INSTALLMENTS_ABOVE_MAXIMUM' });
    });

    it('refuses installments below the policy minimum', () => {
      expect(computeOffer(input({ policy: policy({}, { minInstallment: brl(10_000) }), request: plan(12) }))).toMatchObject({
        rule: 'INSTALLMENT_BELOW_MINIMUM',
      });
    });

    it('never makes an empty installment, even when the policy sets no minimum (found by the property)', () => {
      // R$ 2,81 less the agent's 10% (R$ 0,28) is R$ 2,53; R$ 2,52 down leaves one centavo for two installments
      const tiny = { principal: brl(0), interest: brl(0), lateFee: brl(281) };
      const noMinimum = policy({}, { minInstallment: brl(0) });
      expect(
        computeOffer(input({ balance: tiny, policy: noMinimum, role: 'agent', request: plan(2, { downPayment: brl(252) }) })),
      ).toMatchObject({ rule: 'INSTALLMENT_BELOW_MINIMUM' });
    });

    it('refuses an installment above 30% of the declared income, and accepts a longer plan that fits', () => {
      const declaredIncome = brl(35_000); // R$ 350,00: at most R$ 105,00 a month
      expect(computeOffer(input({ declaredIncome, request: plan(6) }))).toMatchObject({ rule: 'INSTALLMENT_ABOVE_AFFORDABILITY' });
      const terms = offered(computeOffer(input({ declaredIncome, request: plan(12) })));
      expect(Math.max(...amounts(terms))).toBeLessThanOrEqual(10_500);
    });

    it('an over-indebted debtor may spread all debts over up to 60 months, keeping the minimum income', () => {
      const long = plan(20, { discount: brl(0) });
      expect(computeOffer(input({ request: long }))).toMatchObject({ rule: 'INSTALLMENTS_ABOVE_MAXIMUM' });
      const terms = offered(computeOffer(input({ overIndebted: true, declaredIncome: brl(100_000), request: long })));
      expect(terms.schedule).toHaveLength(20);
      expect(computeOffer(input({ overIndebted: true, declaredIncome: brl(100_000), request: plan(61) }))).toMatchObject({ rule: 'INSTALLMENTS_ABOVE_MAXIMUM' });
      // R$ 610,00 of income keeps R$ 600,00: R$ 10,00 a month is not enough for R$ 58,50 installments
      expect(computeOffer(input({ overIndebted: true, declaredIncome: brl(61_000), request: long }))).toMatchObject({ rule: 'MINIMUM_INCOME_NOT_PRESERVED' });
      expect(computeOffer(input({ overIndebted: true, declaredIncome: brl(15_000), request: long }))).toMatchObject({ rule: 'INSTALLMENT_ABOVE_AFFORDABILITY' });
    });

    it('an over-indebtedness plan needs the declared income', () => {
      expect(() => computeOffer(input({ overIndebted: true, request: plan(20) }))).toThrow(ValidationError);
    });

    it('refuses a first due date before the offer date', () => {
      expect(computeOffer(input({ request: plan(3, { firstDueDate: '2026-11-30' }) }))).toMatchObject({ rule: 'FIRST_DUE_DATE_BEFORE_OFFER_DATE' });
    });
  });

  describe('input', () => {
    it('refuses a negative balance, a balance in another currency and a count that is not a whole number', () => {
      expect(() => computeOffer(input({ balance: { ...balance, interest: brl(-1) } }))).toThrow(/balance.interest.amount/);
      expect(() => computeOffer(input({ balance: { ...balance, lateFee: Money.of(1, 'USD') } }))).toThrow(/balance.lateFee.currency/);
      expect(() => computeOffer(input({ request: { kind: 'installments', count: 2.5, firstDueDate: '2027-01-01' } }))).toThrow(/request.count/);
    });

    it('refuses a first due date more than a year away and an offer date at the end of the calendar', () => {
      expect(() => computeOffer(input({ request: { kind: 'installments', count: 2, firstDueDate: '2027-12-03' } }))).toThrow(/request.firstDueDate/);
      expect(() => computeOffer(input({ asOf: '9999-12-01' }))).toThrow(/asOf/);
    });

    it('refuses an unknown request kind, role or table as a field error', () => {
      expect(() => computeOffer(input({ request: { kind: 'barter' } as never }))).toThrow(/request.kind/);
      expect(() => computeOffer(input({ role: 'intern' as never }))).toThrow(/role/);
      expect(() => computeOffer(input({ request: { kind: 'installments', count: 2, firstDueDate: '2027-01-01', amortization: 'german' as never } }))).toThrow(
        /request.amortization/,
      );
    });

    it('refuses a balance too large to compute exactly (over R$ 1 trillion)', () => {
      expect(() => computeOffer(input({ balance: { ...balance, principal: brl(100_000_000_000_000) } }))).toThrow(/balance: must total at most/);
    });

    it('has nothing to offer on a zero balance', () => {
      expect(computeOffer(input({ balance: { principal: brl(0), interest: brl(0), lateFee: brl(0) } }))).toMatchObject({ rule: 'NOTHING_OWED' });
    });
  });
});
