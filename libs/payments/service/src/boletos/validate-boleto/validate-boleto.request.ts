import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';

export const validateBoletoBody = z.object({ line: z.string().max(100) }).strict();

export function parseValidateBoletoRequest(input: unknown): { readonly line: string } {
  return parseInput(validateBoletoBody, input);
}
