import { parseOneOf } from '@collections/shared-kernel';

export type RemovalFilter = 'open' | 'due' | 'overdue' | 'all';

/** `status`: open (not yet confirmed everywhere, the default), due (open, SLA day not passed), overdue (open, SLA day passed), all. */
export function parseListRemovalsRequest(status: unknown): { readonly status: RemovalFilter } {
  return { status: status === undefined || status === '' ? 'open' : parseOneOf(status, 'status', ['open', 'due', 'overdue', 'all'] as const) };
}
