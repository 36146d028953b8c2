import { z } from 'zod';
import { Money, ValidationError, parseIsoDate, parseRate, parseText, throwIfAny, validateAll, type FieldViolation, type IsoDate, type Rate } from '@collections/shared-kernel';
import { checkAllocationOrder, checkLabel, checkDueDate, checkLateFeeRate, checkMonthlyInterestRate, checkOriginalAmount, checkSchedule, type AllocationOrder, type Installment } from '@collections/debtors-domain';
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
  /** The contract's order of imputation of payments (Código Civil art. 354), e.g. ["lateFee", "interest", "principal"]; default interest, late fee, principal. */
  allocationOrder: z.array(z.string().max(20)).max(3).optional(),
  /** The creditor's segment (picks cadence, call script, negotiation policy; a reporting dimension); default `default`. */
  segment: z.string().optional(),
  /** The portfolio (carteira) the debt was placed in; a reporting dimension. */
  portfolio: z.string().optional(),
});

/** Register a debt of a registered debtor: the id is the client's (a UUID) or a new one; every field parsed. */
export interface RegisterDebtRequest {
  readonly debtId: DebtId | undefined;
  readonly debtorId: DebtorId;
  /** Trimmed, 1-100 characters. */
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: IsoDate;
  readonly installments: readonly Installment[] | undefined;
  readonly lateFeeRate: Rate;
  readonly monthlyInterestRate: Rate | undefined;
  readonly allocationOrder?: AllocationOrder | undefined;
  readonly segment?: string | undefined;
  readonly portfolio?: string | undefined;
}

/**
 * The only validation edge of a registration (REST, gRPC and the import's rows): the
 * shape, then the format of every field, then the debt's rules on its terms (the late fee
 * cap, the amount and interest limits, the schedule adding up), which the decider checks
 * again: here they give the client every problem of its body in one answer. The rule
 * relative to the command's `now` (a due date at most 100 years ahead) is the decider's.
 */
export function parseRegisterDebtRequest(input: unknown): RegisterDebtRequest {
  const body = parseInput(registerDebtBody, input);
  const debtId = body.debtId === undefined ? undefined : knownDebtId(body.debtId);
  const debtorId = knownDebtorId(body.debtorId);
  const terms = validateAll({
    contractReference: () => parseText(body.contractReference, 'contractReference', { max: 100 }),
    originalAmount: () => checkOriginalAmount(Money.parse(body.originalAmount, 'originalAmount', { allowNegative: true })),
    dueDate: () => checkDueDate(parseIsoDate(body.dueDate, 'dueDate'), 'dueDate'),
    installments: () => {
      if (body.installments !== undefined && body.installments.length === 0) throw ValidationError.of('installments', 'must be a non-empty list when given');
      return body.installments;
    },
    lateFeeRate: () => checkLateFeeRate(parseRate(body.lateFeeRate, 'lateFeeRate')),
    monthlyInterestRate: () => (body.monthlyInterestRate === undefined ? undefined : checkMonthlyInterestRate(parseRate(body.monthlyInterestRate, 'monthlyInterestRate'))),
    allocationOrder: () => (body.allocationOrder === undefined ? undefined : checkAllocationOrder(body.allocationOrder)),
    segment: () => (body.segment === undefined ? undefined : checkLabel(body.segment, 'segment')),
    portfolio: () => (body.portfolio === undefined ? undefined : checkLabel(body.portfolio, 'portfolio')),
  });
  return {
    debtId,
    debtorId,
    ...terms,
    installments: terms.installments === undefined ? undefined : parseSchedule(terms.installments, terms.originalAmount),
  };
}

type InstallmentBody = NonNullable<z.output<typeof registerDebtBody>['installments']>[number];

/** Each installment's date, then the schedule's rules (numbering, amounts, currency, order, the exact total). */
function parseSchedule(inputs: readonly InstallmentBody[], originalAmount: Money): Installment[] {
  const violations: FieldViolation[] = [];
  const installments = inputs.map((input, index): Installment => {
    try {
      return { number: input.number, amount: Money.parse(input.amount, `installments[${index}].amount`, { allowNegative: true }), dueDate: parseIsoDate(input.dueDate, `installments[${index}].dueDate`) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      violations.push(...error.violations);
      return { number: input.number, amount: originalAmount, dueDate: '' };
    }
  });
  throwIfAny(violations);
  return checkSchedule(installments, originalAmount);
}
