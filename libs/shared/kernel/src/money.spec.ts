import { Money } from './money';
import { ValidationError } from './validation-error';

describe('Money', () => {
  it('adds and subtracts centavos exactly', () => {
    expect(Money.add(Money.of(10), Money.of(20))).toEqual(Money.of(30));
    expect(Money.subtract(Money.of(10), Money.of(25))).toEqual(Money.of(-15));
  });

  it('refuses to combine different currencies', () => {
    expect(() => Money.add(Money.of(1, 'BRL'), Money.of(1, 'USD'))).toThrow(/BRL with USD/);
  });

  it('allocates R$ 100,00 in three installments without losing a centavo', () => {
    const parts = Money.allocate(Money.of(10_000), [1, 1, 1]);
    expect(parts.map((p) => p.amount)).toEqual([3334, 3333, 3333]);
    expect(Money.sum(parts)).toEqual(Money.of(10_000));
  });

  it.each([
    [1, [1, 1, 1]],
    [99_999, [7, 11, 13, 17]],
    [123_457, [1, 0, 3]],
    [5, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
  ])('allocating %i centavos by %j adds back to the whole', (amount, ratios) => {
    const parts = Money.allocate(Money.of(amount), ratios);
    expect(parts).toHaveLength(ratios.length);
    expect(Money.sum(parts).amount).toBe(amount);
  });

  it('rejects allocation ratios that are all zero', () => {
    expect(() => Money.allocate(Money.of(100), [0, 0])).toThrow(RangeError);
  });

  it('multiplies by a decimal rate rounding half-even to the centavo', () => {
    expect(Money.multiply(Money.of(12_345), '0.02')).toEqual(Money.of(247)); // 246.9 -> 247
    expect(Money.multiply(Money.of(250), '0.01')).toEqual(Money.of(2)); // 2.5 -> 2 (half-even)
    expect(Money.multiply(Money.of(350), '0.01')).toEqual(Money.of(4)); // 3.5 -> 4 (half-even)
  });

  it('parses decimal strings into centavos', () => {
    expect(Money.fromDecimal('1234.5')).toEqual(Money.of(123_450));
    expect(Money.fromDecimal('0.07')).toEqual(Money.of(7));
    expect(() => Money.fromDecimal('1.234')).toThrow(ValidationError);
    expect(() => Money.fromDecimal('abc')).toThrow(ValidationError);
  });

  it('formats as a decimal string', () => {
    expect(Money.toDecimal(Money.of(123_456))).toBe('1234.56');
  });

  it('rejects fractional minor units', () => {
    expect(() => Money.of(10.5)).toThrow(RangeError);
  });

  it('parses API input with field-level errors', () => {
    expect(Money.parse({ amount: 100, currency: 'BRL' })).toEqual(Money.of(100));
    expect(() => Money.parse({ amount: -1, currency: 'BRL' }, 'originalAmount')).toThrow(
      'originalAmount.amount: must not be negative',
    );
    expect(() => Money.parse({ amount: 1.5, currency: 'BRL' })).toThrow('amount.amount: must be an integer');
    expect(() => Money.parse({ amount: 1, currency: 'XXX' })).toThrow('amount.currency: must be one of BRL, USD');
  });
});
