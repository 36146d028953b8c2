import {
  BRL,
  USD,
  type Dinero,
  type DineroCurrency,
  add as dineroAdd,
  allocate as dineroAllocate,
  compare as dineroCompare,
  dinero,
  halfEven,
  multiply as dineroMultiply,
  subtract as dineroSubtract,
  toDecimal,
  toSnapshot,
  transformScale,
} from 'dinero.js';
import { ValidationError } from './validation-error';

/**
 * Money is an integer amount of minor units (centavos for BRL) with an explicit
 * currency. It is a plain, serialisable value so that it can live inside events;
 * arithmetic is delegated to dinero.js, which never uses floating point and whose
 * `allocate` distributes remainders so that no centavo is lost or invented.
 */
export interface Money {
  readonly amount: number;
  readonly currency: CurrencyCode;
}

export type CurrencyCode = 'BRL' | 'USD';

const CURRENCIES: Record<CurrencyCode, DineroCurrency<number>> = { BRL, USD };

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, value);
}

function toDinero(money: Money): Dinero<number> {
  return dinero({ amount: money.amount, currency: CURRENCIES[money.currency] });
}

function fromDinero(value: Dinero<number>): Money {
  // Results are always brought back to the currency's own scale (2 for BRL/USD).
  const currency = toSnapshot(value).currency;
  const scaled = transformScale(value, currency.exponent, halfEven);
  const snapshot = toSnapshot(scaled);
  return { amount: snapshot.amount, currency: snapshot.currency.code as CurrencyCode };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`Money: cannot combine ${a.currency} with ${b.currency}`);
  }
}

export const Money = {
  /** Builds Money from integer minor units; rejects fractions and unsafe integers. */
  of(amount: number, currency: CurrencyCode = 'BRL'): Money {
    if (!Number.isSafeInteger(amount)) {
      throw new RangeError(`Money: amount must be an integer number of minor units, got ${amount}`);
    }
    return { amount, currency };
  },

  zero(currency: CurrencyCode = 'BRL'): Money {
    return { amount: 0, currency };
  },

  /**
   * Parses untrusted input: `{ amount, currency }` with integer minor units.
   * Throws a ValidationError naming the field, for the API's problem responses.
   */
  parse(value: unknown, field = 'amount', options: { allowNegative?: boolean; allowZero?: boolean } = {}): Money {
    if (typeof value !== 'object' || value === null) {
      throw ValidationError.of(field, 'must be an object { amount: integer centavos, currency: "BRL" }');
    }
    const { amount, currency } = value as { amount?: unknown; currency?: unknown };
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      throw ValidationError.of(`${field}.amount`, 'must be an integer number of centavos');
    }
    if (!isCurrencyCode(currency)) {
      throw ValidationError.of(`${field}.currency`, `must be one of ${Object.keys(CURRENCIES).join(', ')}`);
    }
    if (amount < 0 && !options.allowNegative) throw ValidationError.of(`${field}.amount`, 'must not be negative');
    if (amount === 0 && options.allowZero === false) throw ValidationError.of(`${field}.amount`, 'must be greater than zero');
    return { amount, currency };
  },

  /** Parses a decimal string such as "1234.56" (at most two decimals) into centavos. */
  fromDecimal(value: string, currency: CurrencyCode = 'BRL', field = 'amount'): Money {
    const match = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value.trim());
    if (!match) throw ValidationError.of(field, 'must be a decimal number with at most two decimals, e.g. 1234.56');
    const [, sign, units = '0', cents = ''] = match;
    const amount = Number(units) * 100 + Number(cents.padEnd(2, '0'));
    return { amount: sign ? -amount : amount, currency };
  },

  toDecimal(money: Money): string {
    return toDecimal(toDinero(money));
  },

  add(a: Money, b: Money): Money {
    assertSameCurrency(a, b);
    return fromDinero(dineroAdd(toDinero(a), toDinero(b)));
  },

  subtract(a: Money, b: Money): Money {
    assertSameCurrency(a, b);
    return fromDinero(dineroSubtract(toDinero(a), toDinero(b)));
  },

  sum(values: readonly Money[], currency: CurrencyCode = 'BRL'): Money {
    return values.reduce((total, value) => Money.add(total, value), Money.zero(currency));
  },

  /**
   * Multiplies by a rate given as a decimal string ("0.02" for 2%, "0.000333" for a
   * day of 1% a month), rounding half-even to the centavo (banker's rounding keeps
   * sums of many small charges unbiased).
   */
  multiply(money: Money, rate: string): Money {
    const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
    if (!match) throw new RangeError(`Money.multiply: rate must be a non-negative decimal string, got "${rate}"`);
    const [, whole = '0', fraction = ''] = match;
    const factor = { amount: Number(`${whole}${fraction}`), scale: fraction.length };
    return fromDinero(dineroMultiply(toDinero(money), factor));
  },

  /**
   * Splits an amount by ratios (e.g. installments [1,1,1] or weights [70,30]).
   * The parts always add up to the whole: remainders go to the first parts.
   */
  allocate(money: Money, ratios: readonly number[]): Money[] {
    if (ratios.length === 0) throw new RangeError('Money.allocate: needs at least one ratio');
    if (ratios.some((r) => !Number.isSafeInteger(r) || r < 0) || ratios.every((r) => r === 0)) {
      throw new RangeError('Money.allocate: ratios must be non-negative integers, not all zero');
    }
    return dineroAllocate(toDinero(money), [...ratios]).map(fromDinero);
  },

  compare(a: Money, b: Money): -1 | 0 | 1 {
    assertSameCurrency(a, b);
    return dineroCompare(toDinero(a), toDinero(b)) as -1 | 0 | 1;
  },

  min(a: Money, b: Money): Money {
    return Money.compare(a, b) <= 0 ? a : b;
  },

  max(a: Money, b: Money): Money {
    return Money.compare(a, b) >= 0 ? a : b;
  },

  isZero(money: Money): boolean {
    return money.amount === 0;
  },

  isNegative(money: Money): boolean {
    return money.amount < 0;
  },

  equals(a: Money, b: Money): boolean {
    return a.currency === b.currency && a.amount === b.amount;
  },
};
