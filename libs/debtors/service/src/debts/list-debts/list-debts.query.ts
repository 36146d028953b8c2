import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { AGING_BUCKETS } from '@collections/debtors-domain';
import { isUuid } from '@collections/shared-kernel';

export const listDebtsQuery = z.object({
  status: z.enum(['open', 'overdue', 'in_agreement', 'disputed', 'settled', 'written_off']).optional(),
  agingBucket: z.enum(AGING_BUCKETS).optional(),
  // compared with a uuid column: anything else is refused here, not by the database
  debtorId: z
    .string()
    .refine(isUuid, 'must be a UUID')
    .transform((id) => id.toLowerCase())
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  pageToken: z.string().optional(),
});

/** Debts by status and aging bucket, oldest first, a page at a time (keyset pagination). */
export type ListDebtsQuery = z.output<typeof listDebtsQuery>;

export function parseListDebtsQuery(input: unknown): ListDebtsQuery {
  return parseInput(listDebtsQuery, input);
}
