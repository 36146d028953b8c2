import { Money } from '@collections/shared-kernel';
import { parseNegotiationPolicy, type NegotiationPolicy } from '../policy/negotiation-policy';

// Test-only builders (excluded from the build by tsconfig.build.json).

export const brl = (centavos: number): Money => Money.of(centavos);
/** An instant on a business date, mid-afternoon in Brazil. */
export const at = (date: string): string => `${date}T15:00:00.000Z`;

export const TENANT = 'banco-azul';
export const OFFER_ID = '01900000-0000-7000-8000-0000000000f1';
export const AGREEMENT_ID = '01900000-0000-7000-8000-0000000000e1';
export const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1';
export const DEBT_IDS = ['01900000-0000-7000-8000-000000000d01', '01900000-0000-7000-8000-000000000d02'];

/** A policy as a tenant would configure it: 90 days late, up to 80% off charges, no principal. */
export const policyInput = (overrides: Record<string, unknown> = {}, rule: Record<string, unknown> = {}): Record<string, unknown> => ({
  tenantId: TENANT,
  version: 3,
  currency: 'BRL',
  rules: [
    {
      bucket: '91-180',
      segment: 'default',
      maxChargesDiscount: '0.80',
      maxPrincipalDiscount: '0',
      agentDiscountLimit: '0.10',
      maxInstallments: 12,
      minInstallment: brl(5_000),
      downPayment: { minRate: '0', minAmount: brl(0) },
      monthlyInterestRate: '0.0199',
      ...rule,
    },
    {
      bucket: '360+',
      segment: 'default',
      maxChargesDiscount: '1',
      maxPrincipalDiscount: '0.30',
      agentDiscountLimit: '0.40',
      maxInstallments: 24,
      minInstallment: brl(5_000),
      downPayment: { minRate: '0.10', minAmount: brl(10_000) },
      monthlyInterestRate: '0.01',
      amortization: 'sac',
    },
  ],
  overIndebtedness: { maxMonths: 60, minimumIncomeKept: brl(60_000) },
  ...overrides,
});

export const policy = (overrides: Record<string, unknown> = {}, rule: Record<string, unknown> = {}): NegotiationPolicy =>
  parseNegotiationPolicy(policyInput(overrides, rule));

/** R$ 1.000,00 principal, R$ 150,00 interest, R$ 20,00 late fee. */
export const balance = { principal: brl(100_000), interest: brl(15_000), lateFee: brl(2_000) };
