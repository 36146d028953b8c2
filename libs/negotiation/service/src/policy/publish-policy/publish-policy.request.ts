import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { NEGOTIATION_BUCKETS, parseNegotiationPolicy } from '@collections/negotiation-domain';
import { moneySchema } from '../../shared/money.schema';

const rate = z.string().max(40);
const rule = z
  .object({
    bucket: z.enum(NEGOTIATION_BUCKETS),
    segment: z.string().max(50),
    maxChargesDiscount: rate,
    maxPrincipalDiscount: rate.optional(),
    agentDiscountLimit: rate,
    maxInstallments: z.number().int().min(1).max(120),
    minInstallment: moneySchema,
    downPayment: z.object({ minRate: rate.optional(), minAmount: moneySchema.optional() }).strict().optional(),
    monthlyInterestRate: rate,
    amortization: z.enum(['price', 'sac']).optional(),
  })
  .strict();

/** A tenant's negotiation policy (defaults: 5 days of validity, 5 days of tolerance, 30% of income, 60 months over-indebted). */
export const publishPolicyBody = z
  .object({
    currency: z.enum(['BRL', 'USD']).optional(),
    offerValidityDays: z.number().int().min(0).max(365).optional(),
    renegotiationLimit: z.number().int().min(0).max(100).optional(),
    breakageToleranceDays: z.number().int().min(0).max(365).optional(),
    affordabilityIncomeShare: rate.optional(),
    overIndebtedness: z.object({ maxMonths: z.number().int().min(1).max(60).optional(), minimumIncomeKept: moneySchema.optional() }).strict().optional(),
    rules: z.array(rule).min(1).max(100),
  })
  .strict();

export type PublishPolicyRequest = z.output<typeof publishPolicyBody>;

/**
 * The shape by zod, then every rule of a policy by the domain's own parser (shares at most
 * 100%, interest at most 10% a month, one rule per bucket and segment...), all at once;
 * the decider parses it again under the stream's tenant and next version.
 */
export function parsePublishPolicyRequest(input: unknown): PublishPolicyRequest {
  const body = parseInput(publishPolicyBody, input);
  parseNegotiationPolicy({ ...body, tenantId: 'validation', version: 1 });
  return body;
}
