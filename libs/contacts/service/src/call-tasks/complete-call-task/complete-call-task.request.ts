import { z } from 'zod';
import { CALL_OUTCOMES, type CallOutcome } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { knownCallTaskId, type CallTaskId } from '../call-task-queue';

// No free-text notes yet: they are personal data and must be encrypted with the debtor's key first.
export const completeCallTaskBody = z.object({ outcome: z.enum(CALL_OUTCOMES) }).strict();

export interface CompleteCallTaskRequest {
  readonly taskId: CallTaskId;
  readonly outcome: CallOutcome;
}

export function parseCompleteCallTaskRequest(taskId: string, input: unknown): CompleteCallTaskRequest {
  const id = knownCallTaskId(taskId);
  return { taskId: id, outcome: parseInput(completeCallTaskBody, input).outcome };
}
