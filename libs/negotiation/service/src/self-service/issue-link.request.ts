import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { ValidationError, validateAll } from '@collections/shared-kernel';

export const issueLinkBody = z
  .object({
    debtorId: z.string().max(100),
    /** The debts the debtor will see and may negotiate (the debtor's own). */
    debtIds: z.array(z.string().max(100)).min(1).max(20),
    /** How long the link may wait to be opened: 1 hour to 30 days (default 72 hours). */
    ttlHours: z.number().int().min(1).max(720).optional(),
  })
  .strict();

export interface IssueLinkRequest {
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly ttlHours?: number;
}

const uuid = (value: string, field: string): string => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw ValidationError.of(field, 'must be a UUID');
  return value.toLowerCase();
};

/** The one validation edge of a link's issue: shape by zod, ids as ids, each debt once. */
export function parseIssueLinkRequest(input: unknown): IssueLinkRequest {
  const body = parseInput(issueLinkBody, input);
  const checked = validateAll({
    debtorId: () => uuid(body.debtorId, 'debtorId'),
    debtIds: () => {
      const ids = body.debtIds.map((id, i) => uuid(id, `debtIds.${i}`));
      if (new Set(ids).size !== ids.length) throw ValidationError.of('debtIds', 'names a debt twice');
      return ids;
    },
  });
  return { ...checked, ...(body.ttlHours !== undefined ? { ttlHours: body.ttlHours } : {}) };
}

