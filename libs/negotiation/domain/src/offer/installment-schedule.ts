import { pmt, rate as annuityRate } from 'financial';
import type { DecimalRate, IsoDate } from '@collections/shared-kernel';
import type { Amortization } from '../policy/negotiation-policy';
import { addMonthsClamped } from '../calendar';

/**
 * Installment tables in integer centavos. The amounts of a table always add up exactly
 * to what is financed plus the financing interest the table computes: no centavo is
 * lost or invented by rounding, the last installment absorbs it.
 */

/** n / d rounded half-even (banker's rounding, as the debt's interest); n >= 0, d > 0. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n % d);
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** floor(amount * rate) in centavos: a ceiling computed from a share never rounds in the debtor's disfavour. */
export function shareOf(amount: number, rate: DecimalRate): number {
  return Number((BigInt(amount) * rate.numerator) / rate.denominator);
}

/** ceil(amount * rate): a minimum computed from a share (a down payment) is never below the share. */
export function shareOfRoundedUp(amount: number, rate: DecimalRate): number {
  const n = BigInt(amount) * rate.numerator;
  return Number((n + rate.denominator - 1n) / rate.denominator);
}

/**
 * Price table (Tabela Price): equal installments from `pmt` at the monthly rate. The
 * installment is `pmt` rounded down to the centavo, so every installment is at least it,
 * and the last one is computed exactly (rational arithmetic on bigints, no floating point)
 * as what is left with its interest, rounded half-even: it absorbs the rounding.
 */
export function priceTable(financed: number, count: number, rate: DecimalRate): number[] {
  if (count === 1) return [financed + Number(divideHalfEven(BigInt(financed) * rate.numerator, rate.denominator))];
  if (rate.numerator === 0n) return lastAbsorbs(financed, count, Math.floor(financed / count));
  const r = Number(rate.numerator) / Number(rate.denominator);
  let installment = Math.floor(pmt(r, count, -financed) + 1e-9);
  for (;;) {
    const last = lastPriceInstallment(financed, count, rate, installment);
    // floating point may put `pmt` a hair above the exact value: then step down a centavo
    if (last >= installment || installment === 0) return [...Array<number>(count - 1).fill(installment), last];
    installment -= 1;
  }
}

function lastPriceInstallment(financed: number, count: number, rate: DecimalRate, installment: number): number {
  const d = rate.denominator;
  const growth = d + rate.numerator; // (1 + r) = growth / d
  // outstanding after k installments = numerator / d^k
  let numerator = BigInt(financed);
  let scale = 1n;
  const p = BigInt(installment);
  for (let k = 1; k < count; k += 1) {
    scale *= d;
    numerator = numerator * growth - p * scale;
  }
  return Number(divideHalfEven(numerator * growth, scale * d));
}

function lastAbsorbs(total: number, count: number, each: number): number[] {
  return [...Array<number>(count - 1).fill(each), total - each * (count - 1)];
}

/**
 * SAC (Sistema de Amortização Constante): equal amortization (rounded down, the last one
 * absorbs the remainder) plus the month's interest on what is still owed, rounded
 * half-even: installments decrease.
 */
export function sacTable(financed: number, count: number, rate: DecimalRate): number[] {
  const amortization = Math.floor(financed / count);
  const amounts: number[] = [];
  let outstanding = financed;
  for (let k = 1; k <= count; k += 1) {
    const principal = k === count ? outstanding : amortization;
    const interest = Number(divideHalfEven(BigInt(outstanding) * rate.numerator, rate.denominator));
    amounts.push(principal + interest);
    outstanding -= principal;
  }
  return amounts;
}

export function installmentTable(amortization: Amortization, financed: number, count: number, rate: DecimalRate): number[] {
  return amortization === 'price' ? priceTable(financed, count, rate) : sacTable(financed, count, rate);
}

const RATE_SEARCH_SCALE = 1_000_000_000n; // the capped rate is found to 1e-9 a month
const ESTIMATE_MARGIN = 2_000n; // 2e-6 a month either side of the estimate

/**
 * The monthly rate at which the table would total `cap`, in floating point: a starting
 * point only, the exact search decides. Price: the rate of `count` equal payments of
 * cap / count (financial's `rate`, as a spreadsheet's RATE). SAC: the interest is the rate
 * times the outstanding amounts, which sum to about financed * (count + 1) / 2.
 */
function estimatedRate(amortization: Amortization, financed: number, count: number, cap: number): number {
  if (amortization === 'price') return annuityRate(count, cap / count, -financed, 0);
  return (cap - financed) / ((financed * (count + 1)) / 2);
}

/**
 * The table at the policy's rate, unless its total would exceed `cap`: then the table at
 * a lower rate, found by bisection to 1e-9 a month, whose total stays within it. The total
 * grows with the rate (up to centavo rounding) and equals `financed` at rate 0, so a cap
 * >= financed always has one; the bisection keeps only rates that fit, so the returned
 * total never exceeds the cap whatever the rounding does.
 */
export function installmentTableWithin(
  amortization: Amortization,
  financed: number,
  count: number,
  rate: DecimalRate,
  cap: number,
): { readonly amounts: number[]; readonly rate: DecimalRate; readonly capped: boolean } {
  const total = (amounts: number[]): number => amounts.reduce((a, b) => a + b, 0);
  const atPolicyRate = installmentTable(amortization, financed, count, rate);
  if (total(atPolicyRate) <= cap) return { amounts: atPolicyRate, rate, capped: false };
  const atRate = (scaled: bigint) => installmentTable(amortization, financed, count, { numerator: scaled, denominator: RATE_SEARCH_SCALE });
  const ceiling = (rate.numerator * RATE_SEARCH_SCALE) / rate.denominator;
  // low always fits, high never does (the policy's rate did not); start near an estimate
  // of the answer when it brackets it, so the exact search takes a dozen tables, not thirty
  let low = 0n;
  let high = ceiling;
  let best = atRate(0n);
  const estimate = estimatedRate(amortization, financed, count, cap);
  if (Number.isFinite(estimate) && estimate > 0) {
    const guess = BigInt(Math.floor(estimate * Number(RATE_SEARCH_SCALE)));
    const near = guess > ESTIMATE_MARGIN ? guess - ESTIMATE_MARGIN : 0n;
    const far = guess + ESTIMATE_MARGIN;
    const nearTable = atRate(near);
    if (near < ceiling && total(nearTable) <= cap) {
      low = near;
      best = nearTable;
      if (far < ceiling && total(atRate(far)) > cap) high = far;
    }
  }
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    const amounts = atRate(middle);
    if (total(amounts) <= cap) {
      low = middle;
      best = amounts;
    } else high = middle;
  }
  return { amounts: best, rate: { numerator: low, denominator: RATE_SEARCH_SCALE }, capped: true };
}

/** Monthly due dates from the first, each on the first's day of the month or the month's last day. */
export function monthlyDueDates(first: IsoDate, count: number): IsoDate[] {
  return Array.from({ length: count }, (_, k) => addMonthsClamped(first, k));
}

/** A rate as a decimal string, for events: 12345n / 10^9 -> "0.000012345". */
export function formatRate(rate: DecimalRate): string {
  const { numerator } = rate;
  let { denominator } = rate;
  let decimals = 0;
  while (denominator % 10n === 0n && denominator > 1n) {
    denominator /= 10n;
    decimals += 1;
  }
  if (denominator !== 1n) throw new RangeError('formatRate: the denominator must be a power of ten');
  const digits = numerator.toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return text.includes('.') ? text.replace(/\.?0+$/, '') || '0' : text;
}
