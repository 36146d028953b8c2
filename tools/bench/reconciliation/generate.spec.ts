import { parseReturnFile, reconcile, streamReturnFile } from '@collections/payments-reconciliation';
import { cnab240Return, itau400Return } from './generate';

describe('the reconciliation benchmark files', () => {
  it.each([
    ['CNAB 240', cnab240Return],
    ['Itaú CNAB 400', itau400Return],
  ])('a generated %s return parses with no rejection and reconciles to the counts it was generated with', (_, generate) => {
    const generated = generate(12_000);
    const parsed = parseReturnFile(Buffer.from([...generated.chunks()].join(''), 'latin1'));
    expect(parsed.rejections).toEqual([]);
    expect(parsed.lines).toBe(generated.lines);
    expect(parsed.lines).toBeLessThanOrEqual(12_000);
    const result = reconcile(parsed.entries, generated.charges);
    const { titles, ...expected } = generated.expected;
    expect(parsed.entries).toHaveLength(titles);
    expect({
      matched: result.matched.length,
      unmatched: result.unmatched.length,
      duplicates: result.duplicates.length,
      ignored: result.ignored.length,
      amountDifferences: result.amountDifferences.length,
    }).toEqual(expected);
    expect(expected.unmatched * expected.duplicates * expected.ignored * expected.amountDifferences).toBeGreaterThan(0);
  });

  it('a CNAB 240 return of more than one batch streams to the same entries', async () => {
    const generated = cnab240Return(12_000);
    let entries = 0;
    let rejections = 0;
    for await (const event of streamReturnFile((function* () { for (const chunk of generated.chunks()) yield Buffer.from(chunk, 'latin1'); })())) {
      if (event.type === 'entry') entries++;
      if (event.type === 'rejection') rejections++;
    }
    expect({ entries, rejections }).toEqual({ entries: generated.expected.titles, rejections: 0 });
  });
});
