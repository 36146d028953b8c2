import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { moneySchema } from '../../shared/money.schema';
import { knownDebtorId, type DebtorId } from '../../shared/ids';
import { contactPointsSchema } from '../contact-point.schema';

export const registerDebtorBody = z.object({
  debtorId: z.string().optional(),
  taxId: z.string(),
  name: z.string(),
  contactPoints: contactPointsSchema.default([]),
  state: z.string(),
  timeZone: z.string().default('America/Sao_Paulo'),
  declaredMonthlyIncome: moneySchema.optional(),
});

/** Register a debtor: the id is the client's (a UUID) or a new one. */
export type RegisterDebtorRequest = Omit<z.output<typeof registerDebtorBody>, 'debtorId'> & { readonly debtorId: DebtorId | undefined };

export function parseRegisterDebtorRequest(input: unknown): RegisterDebtorRequest {
  const body = parseInput(registerDebtorBody, input);
  return { ...body, debtorId: body.debtorId === undefined ? undefined : knownDebtorId(body.debtorId) };
}
