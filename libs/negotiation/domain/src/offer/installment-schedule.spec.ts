import { formatRate, installmentTableWithin, priceTable, sacTable } from './installment-schedule';

const rate = (numerator: bigint, denominator: bigint) => ({ numerator, denominator });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('installment tables', () => {
  it('a Price table of R$ 1.000,00 in 12 at 1% a month: 11 installments of R$ 88,84 and a last one absorbing the rounding', () => {
    const table = priceTable(100_000, 12, rate(1n, 100n));
    expect(table.slice(0, 11)).toEqual(Array(11).fill(8_884));
    // the exact pmt is 88.848788...; the 0.8788 centavo left each month, compounded at 1%, is 10.27 centavos at the end
    expect(table[11]).toBe(8_895);
  });

  it('a Price table at zero interest splits the amount, the last installment taking the remainder', () => {
    expect(priceTable(100_001, 3, rate(0n, 1n))).toEqual([33_333, 33_333, 33_335]);
  });

  it('a SAC table amortizes equally and its installments decrease', () => {
    const table = sacTable(120_000, 12, rate(1n, 100n));
    expect(table[0]).toBe(10_000 + 1_200);
    expect(table[11]).toBe(10_000 + 100);
    expect(sum(table)).toBe(120_000 + 7_800);
  });

  it('lowers the rate to fit the table within a cap, never above it', () => {
    const capped = installmentTableWithin('price', 100_000, 12, rate(5n, 100n), 103_000);
    expect(capped.capped).toBe(true);
    expect(sum(capped.amounts)).toBeLessThanOrEqual(103_000);
    expect(sum(capped.amounts)).toBeGreaterThan(102_900);
    expect(Number(capped.rate.numerator) / Number(capped.rate.denominator)).toBeCloseTo(0.00454, 4);
  });

  it('formats a rate as a decimal string', () => {
    expect(formatRate(rate(199n, 10_000n))).toBe('0.0199');
    expect(formatRate(rate(4_540_000n, 1_000_000_000n))).toBe('0.00454');
    expect(formatRate(rate(0n, 1n))).toBe('0');
  });
});
