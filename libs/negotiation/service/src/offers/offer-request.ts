import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { ValidationError, parseIsoDate, parseText, validateAll, type Money } from '@collections/shared-kernel';
import type { OfferRequest } from '@collections/negotiation-domain';
import { moneySchema } from '../shared/money.schema';
import { knownId } from '../shared/ids';

const common = {
  discount: moneySchema.optional(),
  /** The debtor's declared monthly income: installments stay within the policy's share of it (30% by default). */
  declaredIncome: moneySchema.optional(),
  /** A plan under Lei 14.181/2021 (declaredIncome required): up to the policy's months, keeping the minimum income. */
  overIndebted: z.boolean().optional(),
  /** The creditor's segment the policy rule is looked up under (default: the debt's own, as registered in the debtors context). */
  segment: z.string().max(50).optional(),
  /**
   * Other debts of the same debtor the plan covers with this one (an over-indebtedness plan
   * under Lei 14.181/2021 covers all of them): one offer, one agreement, over their summed balance.
   */
  alsoDebtIds: z.array(z.string().max(100)).max(199).optional(),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  /** Other debts of the same debtor in the same plan. */
  readonly alsoDebtIds?: readonly string[];
  readonly request: OfferRequest;
  readonly declaredIncome?: Money;
  readonly overIndebted: boolean;
  /** The segment asked for; absent: the debt's own. */
  readonly segment?: string;
}

/** The one validation edge of simulate and make: shape by zod, dates and text by the kernel's parsers, every problem at once. */
export function parseOfferRequest(debtId: string, input: unknown): OfferRequestOf {
  const id = knownId(debtId, 'debtId');
  const body = parseInput(offerBody, input);
  const checked = validateAll({
    segment: () => (body.segment === undefined ? undefined : parseText(body.segment, 'segment', { max: 50 })),
    dueDate: () => (body.kind === 'cash' && body.dueDate !== undefined ? parseIsoDate(body.dueDate, 'dueDate') : undefined),
    firstDueDate: () => (body.kind === 'installments' ? parseIsoDate(body.firstDueDate, 'firstDueDate') : undefined),
    alsoDebtIds: () => {
      if (body.alsoDebtIds === undefined) return undefined;
      const ids = body.alsoDebtIds.map((other, i) => {
        if (!UUID.test(other)) throw ValidationError.of(`alsoDebtIds.${i}`, 'must be a debt id (a UUID)');
        return other.toLowerCase();
      });
      if (new Set([id, ...ids]).size !== ids.length + 1) throw ValidationError.of('alsoDebtIds', 'names a debt twice (or the debt of the route)');
      return ids;
    },
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
    ...(checked.alsoDebtIds ? { alsoDebtIds: checked.alsoDebtIds } : {}),
    request,
    ...(body.declaredIncome ? { declaredIncome: body.declaredIncome as Money } : {}),
    overIndebted: body.overIndebted ?? false,
    ...(checked.segment !== undefined ? { segment: checked.segment } : {}),
  };
}
