import { z } from 'zod';
import { Money, TaxId, parseText, parseTimeZone, validateAll } from '@collections/shared-kernel';
import { parseBrazilianState, type BrazilianState } from '@collections/debtors-domain';
import { parseInput } from '@collections/shared-nest';
import { moneySchema } from '../../shared/money.schema';
import { knownDebtorId, type DebtorId } from '../../shared/ids';
import { contactPointsSchema, parseContactPoints, type ContactPointRequest } from '../contact-point.schema';

export const registerDebtorBody = z.object({
  debtorId: z.string().optional(),
  taxId: z.string(),
  name: z.string(),
  contactPoints: contactPointsSchema.default([]),
  state: z.string(),
  timeZone: z.string().default('America/Sao_Paulo'),
  declaredMonthlyIncome: moneySchema.optional(),
});

/** Register a debtor: the id is the client's (a UUID) or a new one; every field parsed. */
export interface RegisterDebtorRequest {
  readonly debtorId: DebtorId | undefined;
  readonly taxId: TaxId;
  /** Trimmed, 1-200 characters. */
  readonly name: string;
  readonly contactPoints: readonly ContactPointRequest[];
  readonly state: BrazilianState;
  /** Canonical IANA name. */
  readonly timeZone: string;
  readonly declaredMonthlyIncome: Money | undefined;
}

/** The only validation edge of a registration (REST, gRPC and the import's rows): shape, then every field at once. */
export function parseRegisterDebtorRequest(input: unknown): RegisterDebtorRequest {
  const body = parseInput(registerDebtorBody, input);
  const debtorId = body.debtorId === undefined ? undefined : knownDebtorId(body.debtorId);
  const fields = validateAll({
    taxId: () => TaxId.parse(body.taxId),
    name: () => parseText(body.name, 'name', { max: 200 }),
    contactPoints: () => parseContactPoints(body.contactPoints),
    state: () => parseBrazilianState(body.state, 'state'),
    timeZone: () => parseTimeZone(body.timeZone, 'timeZone'),
    // an income is not negative (the debtor decider holds the same rule)
    declaredMonthlyIncome: () => (body.declaredMonthlyIncome === undefined ? undefined : Money.parse(body.declaredMonthlyIncome, 'declaredMonthlyIncome')),
  });
  return { debtorId, ...fields };
}
