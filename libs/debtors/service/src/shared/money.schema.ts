import { z } from 'zod';
import type { CurrencyCode } from '@collections/shared-kernel';

const CURRENCY_CODES = ['BRL', 'USD'] as const satisfies readonly CurrencyCode[];

/** Money as a client sends it: integer minor units and a currency code (the decider checks the amount's rules). */
export const moneySchema = z.object({ amount: z.number().int(), currency: z.enum(CURRENCY_CODES) });
