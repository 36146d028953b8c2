import { z } from 'zod';
import { CALL_OUTCOMES, type CallOutcome } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { knownCallTaskId, type CallTaskId } from '../call-task-queue';

export const completeCallTaskBody = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    /** What the agent heard: personal data, kept only encrypted under the debtor's key. */
    notes: z.string().trim().min(1).max(2_000).optional(),
  })
  .strict();

export interface CompleteCallTaskRequest {
  readonly taskId: CallTaskId;
  readonly outcome: CallOutcome;
  readonly notes: string | undefined;
}

export function parseCompleteCallTaskRequest(taskId: string, input: unknown): CompleteCallTaskRequest {
  const id = knownCallTaskId(taskId);
  const body = parseInput(completeCallTaskBody, input);
  return { taskId: id, outcome: body.outcome, notes: body.notes };
}
