import { z } from 'zod';
import type { CadenceStep } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { cadenceStepsSchema, segmentSchema, toSteps } from '../cadence.schema';

export const defineCadenceBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    /** The debts it runs for; `default` (every debt) when not given. It becomes the segment's cadence. */
    segment: segmentSchema.default('default'),
    steps: cadenceStepsSchema,
  })
  .strict();

export interface DefineCadenceRequest {
  readonly name: string;
  readonly segment: string;
  readonly steps: readonly CadenceStep[];
}

export function parseDefineCadenceRequest(input: unknown): DefineCadenceRequest {
  const body = parseInput(defineCadenceBody, input);
  return { name: body.name, segment: body.segment, steps: toSteps(body.steps) };
}
