import { z } from 'zod';

/** Money as a client sends it: integer centavos (never above R$ 100 billion) and a currency code. */
export const moneySchema = z.object({ amount: z.number().int().min(0).max(10_000_000_000_000), currency: z.enum(['BRL', 'USD']) }).strict();
