import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { parseIsoDate, parseText, validateAll, type Money } from '@collections/shared-kernel';
import type { OfferRequest } from '@collections/negotiation-domain';
import { moneySchema } from '../shared/money.schema';
import { knownId } from '../shared/ids';

const common = {
  discount: moneySchema.optional(),
  /** The debtor's declared monthly income: installments stay within the policy's share of it (30% by default). */
  declaredIncome: moneySchema.optional(),
  /** A plan under Lei 14.181/2021 (declaredIncome required): up to the policy's months, keeping the minimum income. */
  overIndebted: z.boolean().optional(),
  /** The creditor's segment the policy rule is looked up under (default "default"). */
  segment: z.string().max(50).optional(),
};

/** What an agent (or, later, the self-service page) asks for: cash (à vista) or installments (parcelamento). */
export const offerBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cash'), dueDate: z.string().max(40).optional(), ...common }).strict(),
  z
    .object({
      kind: z.literal('installments'),
      count: z.number().int().min(1).max(120),
      downPayment: moneySchema.optional(),
      firstDueDate: z.string().max(40),
      amortization: z.enum(['price', 'sac']).optional(),
      ...common,
    })
    .strict(),
]);

export interface OfferRequestOf {
  readonly debtId: string;
  readonly request: OfferRequest;
  readonly declaredIncome?: Money;
  readonly overIndebted: boolean;
  readonly segment: string;
}

/** The one validation edge of simulate and make: shape by zod, dates and text by the kernel's parsers, every problem at once. */
export function parseOfferRequest(debtId: string, input: unknown): OfferRequestOf {
  const id = knownId(debtId, 'debtId');
  const body = parseInput(offerBody, input);
  const checked = validateAll({
    segment: () => (body.segment === undefined ? 'default' : parseText(body.segment, 'segment', { max: 50 })),
    dueDate: () => (body.kind === 'cash' && body.dueDate !== undefined ? parseIsoDate(body.dueDate, 'dueDate') : undefined),
    firstDueDate: () => (body.kind === 'installments' ? parseIsoDate(body.firstDueDate, 'firstDueDate') : undefined),
  });
  const request: OfferRequest =
    body.kind === 'cash'
      ? { kind: 'cash', ...(checked.dueDate ? { dueDate: checked.dueDate } : {}), ...(body.discount ? { discount: body.discount as Money } : {}) }
      : {
          kind: 'installments',
          count: body.count,
          firstDueDate: checked.firstDueDate!,
          ...(body.downPayment ? { downPayment: body.downPayment as Money } : {}),
          ...(body.discount ? { discount: body.discount as Money } : {}),
          ...(body.amortization ? { amortization: body.amortization } : {}),
        };
  return {
    debtId: id,
    request,
    ...(body.declaredIncome ? { declaredIncome: body.declaredIncome as Money } : {}),
    overIndebted: body.overIndebted ?? false,
    segment: checked.segment,
  };
}
