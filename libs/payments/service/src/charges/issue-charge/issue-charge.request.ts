import { z } from 'zod';
import { Money, ValidationError, parseIsoDate, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { moneySchema } from '../../shared/money.schema';

export const issueChargeBody = z
  .object({
    /** One debt; several only for an agreement's installment (with agreementId and installment). */
    debtIds: z.array(z.uuid()).min(1).max(200),
    agreementId: z.uuid().optional(),
    installment: z.number().int().min(1).max(600).optional(),
    /** Default (one debt, no agreement): what the debt owes today. */
    amount: moneySchema.optional(),
    dueDate: z.string().max(10),
  })
  .strict();

export interface IssueChargeRequest {
  readonly debtIds: readonly string[];
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly amount: Money | null;
  readonly dueDate: IsoDate;
}

/** A boleto's due-date factor and a PSP's charge both need a date neither past nor decades away. */
export function parseChargeDueDate(value: unknown, today: IsoDate, field = 'dueDate'): IsoDate {
  const date = parseIsoDate(value, field);
  if (date < today) throw ValidationError.of(field, `must not be before today (${today})`);
  const limit = `${Number(today.slice(0, 4)) + 10}${today.slice(4)}`;
  if (date > limit) throw ValidationError.of(field, `must be within ten years (${limit})`);
  return date;
}

export function parseIssueChargeRequest(input: unknown, today: IsoDate): IssueChargeRequest {
  const body = parseInput(issueChargeBody, input);
  const problems: { field: string; message: string }[] = [];
  const debtIds = body.debtIds.map((id) => id.toLowerCase());
  if (new Set(debtIds).size !== debtIds.length) problems.push({ field: 'debtIds', message: 'must not repeat a debt' });
  if ((body.agreementId === undefined) !== (body.installment === undefined)) problems.push({ field: 'installment', message: 'agreementId and installment go together' });
  if (debtIds.length > 1 && body.agreementId === undefined) problems.push({ field: 'debtIds', message: 'several debts are charged together only for an agreement installment (agreementId, installment)' });
  if (body.agreementId !== undefined && body.amount === undefined) problems.push({ field: 'amount', message: "is required for an agreement's installment" });
  let amount: Money | null = null;
  try {
    amount = body.amount ? Money.parse(body.amount, 'amount', { allowZero: false }) : null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.violations);
  }
  let dueDate = '';
  try {
    dueDate = parseChargeDueDate(body.dueDate, today);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.violations);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { debtIds, agreementId: body.agreementId?.toLowerCase() ?? null, installment: body.installment ?? null, amount, dueDate };
}
