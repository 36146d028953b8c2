import { z } from 'zod';
import { NEGOTIATION_CONTEXT, agreementEndedContractV1 } from '@collections/negotiation-contracts';
import { integrationEventContracts } from '@collections/shared-contracts';

/**
 * What the payments service consumes from the negotiation context. `AgreementEnded` v1 is
 * published already; `InstallmentChargeRequested` v1 is defined here exactly as the
 * protocol agreed between negotiation and payments, while the negotiation engineer adds it
 * to `@collections/negotiation-contracts` on their branch: at the merge, the lead replaces
 * this schema and contract with that package's (the shapes are the same by agreement).
 */
export const installmentChargeRequestedV1 = z.object({
  agreementId: z.uuid(),
  debtorId: z.uuid(),
  debtIds: z.array(z.uuid()).min(1).max(200),
  installment: z.number().int().min(1),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amount: z.object({ amount: z.number().int().positive(), currency: z.literal('BRL') }),
  requestedAt: z.iso.datetime(),
});

export type InstallmentChargeRequestedV1 = z.output<typeof installmentChargeRequestedV1>;

type InstallmentChargeRequestedSource = { readonly type: 'InstallmentChargeRequested'; readonly data: z.input<typeof installmentChargeRequestedV1> };

export const installmentChargeRequestedContractV1 = integrationEventContracts<InstallmentChargeRequestedSource>(NEGOTIATION_CONTEXT)({
  type: 'InstallmentChargeRequested',
  schemaVersion: 1,
  schema: installmentChargeRequestedV1,
  sourceEventType: 'InstallmentChargeRequested',
  toPayload: ({ data }) => data,
});

export { agreementEndedContractV1 };
