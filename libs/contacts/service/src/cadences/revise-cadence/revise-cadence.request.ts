import { z } from 'zod';
import type { CadenceStep } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { knownCadenceId, type CadenceId } from '../../shared/ids';
import { cadenceStepsSchema, toSteps } from '../cadence.schema';

export const reviseCadenceBody = z.object({ steps: cadenceStepsSchema }).strict();

export interface ReviseCadenceRequest {
  readonly cadenceId: CadenceId;
  readonly steps: readonly CadenceStep[];
}

export function parseReviseCadenceRequest(cadenceId: string, input: unknown): ReviseCadenceRequest {
  const id = knownCadenceId(cadenceId);
  return { cadenceId: id, steps: toSteps(parseInput(reviseCadenceBody, input).steps) };
}
