import { ValidationError } from '@collections/shared-kernel';
import { brl, policyInput } from '../testing/negotiation.fixtures';
import { parseNegotiationPolicy, policyRuleFor } from './negotiation-policy';

const violationsOf = (input: unknown): string[] => {
  try {
    parseNegotiationPolicy(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  throw new Error('the policy was accepted');
};

describe('negotiation policy', () => {
  it('fills the defaults: 5 days of validity and of tolerance, 30% of income, 60 months for over-indebted plans, Price table', () => {
    const policy = parseNegotiationPolicy(policyInput({ overIndebtedness: undefined }));
    expect(policy).toMatchObject({
      version: 3,
      offerValidityDays: 5,
      breakageToleranceDays: 5,
      renegotiationLimit: 1,
      affordabilityIncomeShare: '0.30',
      overIndebtedness: { maxMonths: 60, minimumIncomeKept: brl(0) },
    });
    expect(policy.rules[0]).toMatchObject({ amortization: 'price', maxPrincipalDiscount: '0' });
  });

  it('names every bad field at once', () => {
    expect(
      violationsOf(
        policyInput(
          { breakageToleranceDays: -1, offerValidityDays: 1.5, affordabilityIncomeShare: '1.2' },
          { maxChargesDiscount: '1.01', maxInstallments: 0, minInstallment: { amount: -1, currency: 'BRL' }, monthlyInterestRate: '0.5' },
        ),
      ),
    ).toEqual([
      'offerValidityDays',
      'breakageToleranceDays',
      'affordabilityIncomeShare',
      'rules[0].maxChargesDiscount',
      'rules[0].maxInstallments',
      'rules[0].minInstallment.amount',
      'rules[0].monthlyInterestRate',
    ]);
  });

  it('refuses a discount above 100%, a negative rate and an unknown bucket', () => {
    expect(violationsOf(policyInput({}, { maxPrincipalDiscount: '2', agentDiscountLimit: '-0.1', bucket: '0-10' }))).toEqual([
      'rules[0].bucket',
      'rules[0].maxPrincipalDiscount',
      'rules[0].agentDiscountLimit',
    ]);
  });

  it('refuses an over-indebtedness plan longer than the 5 years of Lei 14.181/2021', () => {
    expect(violationsOf(policyInput({ overIndebtedness: { maxMonths: 61, minimumIncomeKept: brl(0) } }))).toEqual(['overIndebtedness.maxMonths']);
  });

  it('refuses amounts in another currency than the policy', () => {
    expect(violationsOf(policyInput({}, { minInstallment: { amount: 100, currency: 'USD' } }))).toEqual(['rules[0].minInstallment.currency']);
  });

  it('refuses the same bucket and segment twice', () => {
    const input = policyInput();
    const rules = input['rules'] as unknown[];
    expect(violationsOf({ ...input, rules: [...rules, rules[0]] })).toEqual(['rules[2]']);
  });

  it('falls back to the default segment when the debt segment has no rule of its own', () => {
    const policy = parseNegotiationPolicy(policyInput());
    expect(policyRuleFor(policy, '91-180', 'card')?.segment).toBe('default');
    expect(policyRuleFor(policy, '1-30', 'card')).toBeUndefined();
  });
});
