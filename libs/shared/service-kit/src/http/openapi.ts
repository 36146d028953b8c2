import { z } from 'zod';

/** The header every write takes (see IdempotencyStore). */
export const IDEMPOTENCY = { name: 'Idempotency-Key', required: true, description: 'A repeat of the same request with the same key returns the first response' };

/** The OpenAPI schema of a request body, from the zod schema that parses it. */
export const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
