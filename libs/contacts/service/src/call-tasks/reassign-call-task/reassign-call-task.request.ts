import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownCallTaskId, type CallTaskId } from '../call-task-queue';

/** An agent's id as tokens carry it in `sub`: printable ASCII, no spaces. */
export const reassignCallTaskBody = z.object({ agent: z.string().regex(/^[\x21-\x7e]{1,200}$/, "an agent's id (the token's subject)") }).strict();

export interface ReassignCallTaskRequest {
  readonly taskId: CallTaskId;
  readonly agent: string;
}

export function parseReassignCallTaskRequest(taskId: string, input: unknown): ReassignCallTaskRequest {
  const id = knownCallTaskId(taskId);
  return { taskId: id, agent: parseInput(reassignCallTaskBody, input).agent };
}
