import { z } from 'zod';
import { CALL_TASK_REASONS } from '@collections/contacts-domain';
import { isUuid, parseIsoInstant, ValidationError, type IsoInstant } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import type { DebtId } from '../../shared/ids';
import { QUEUE_NAME } from '../call-task-queue';

export const createCallTaskBody = z
  .object({
    debtId: z.string().max(40),
    queue: z.string().regex(QUEUE_NAME, 'a queue name: lower case letters, digits, - and _, at most 63').default('default'),
    /** Higher first; a tenant's scale, bounded so that it stays a plain integer everywhere. */
    priority: z.number().int().min(-1_000).max(1_000).default(0),
    reason: z.enum(CALL_TASK_REASONS).default('manual'),
    /** Not offered before this instant (a callback at the hour the debtor asked); now when absent. */
    dueAt: z.string().max(40).optional(),
  })
  .strict();

export interface CreateCallTaskRequest {
  readonly debtId: DebtId;
  readonly queue: string;
  readonly priority: number;
  readonly reason: (typeof CALL_TASK_REASONS)[number];
  readonly dueAt: IsoInstant | undefined;
}

export function parseCreateCallTaskRequest(input: unknown): CreateCallTaskRequest {
  const body = parseInput(createCallTaskBody, input);
  if (!isUuid(body.debtId)) throw ValidationError.of('debtId', 'must be a debt id (UUID)');
  const dueAt = body.dueAt === undefined ? undefined : parseIsoInstant(body.dueAt, 'dueAt');
  return { debtId: body.debtId.toLowerCase() as DebtId, queue: body.queue, priority: body.priority, reason: body.reason, dueAt };
}
