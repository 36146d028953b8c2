import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtId, knownDebtorId, type DebtId, type DebtorId } from '../../shared/ids';
import { moneySchema } from '../../shared/money.schema';

export const registerDebtBody = z.object({
  debtId: z.string().optional(),
  debtorId: z.string(),
  contractReference: z.string(),
  originalAmount: moneySchema,
  dueDate: z.string(),
  installments: z.array(z.object({ number: z.number().int(), amount: moneySchema, dueDate: z.string() })).max(360).optional(),
  lateFeeRate: z.string().default('0.02'),
  monthlyInterestRate: z.string().optional(),
});

/** Register a debt of a registered debtor: the id is the client's (a UUID) or a new one. */
export type RegisterDebtRequest = Omit<z.output<typeof registerDebtBody>, 'debtId' | 'debtorId'> & {
  readonly debtId: DebtId | undefined;
  readonly debtorId: DebtorId;
};

export function parseRegisterDebtRequest(input: unknown): RegisterDebtRequest {
  const body = parseInput(registerDebtBody, input);
  return { ...body, debtId: body.debtId === undefined ? undefined : knownDebtId(body.debtId), debtorId: knownDebtorId(body.debtorId) };
}
