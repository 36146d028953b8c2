import { parseCentavos } from './import-amount';

describe('parseCentavos (an import amount in reais, read exactly)', () => {
  it.each([
    ['1234.56', 123456],
    ['0.1', 10],
    ['0.10', 10],
    ['1,05', 105],
    ['1.00', 100],
    ['  7 ', 700],
    ['0', 0],
    ['90071992547409.91', 9007199254740991],
  ])('%j is %d centavos', (text, centavos) => {
    expect(parseCentavos(text)).toEqual({ centavos });
  });

  it('reads an NDJSON number by its decimal text', () => {
    expect(parseCentavos(10.5)).toEqual({ centavos: 1050 });
    expect(parseCentavos(1.15)).toEqual({ centavos: 115 });
    expect(parseCentavos(0.29)).toEqual({ centavos: 29 });
  });

  it.each(['1e3', '12.345', '1.005', '-1', '', '   ', '+1', '.5', '5.', '1 000', '1.234,56', 'NaN', 'Infinity', '0x10', '90071992547409.92'])('refuses %j', (text) => {
    expect(parseCentavos(text)).toEqual({ problem: expect.any(String) });
  });

  it('refuses what is not text or a finite number', () => {
    for (const value of [undefined, null, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY, 1e21, -3, 0.1 + 0.2]) expect(parseCentavos(value)).toEqual({ problem: expect.any(String) });
  });
});
