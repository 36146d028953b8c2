import { ValidationError } from '@collections/shared-kernel';
import type { z } from 'zod';

/**
 * Parses untrusted input with a zod schema; every issue becomes a field violation
 * (`contactPoints.1.value: must be ...`) in one ValidationError, so the client sees all
 * of its mistakes at once.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, root = ''): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: [root, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
      message: issue.message,
    })),
  );
}
