import fc from 'fast-check';
import { CNAB240_RETURN_LINES } from '../testing/cnab240.fixtures';
import { BRADESCO_RETURN_LINES, ITAU_RETURN_LINES } from '../testing/cnab400.fixtures';
import { parseReturnFile } from './return-file';

/**
 * Whatever a line holds, the parser answers with entries and rejections and never
 * throws; and no line is both rejected and the source of an entry (nothing half-read).
 */
describe('return files with corrupted lines', () => {
  const files = [
    ['CNAB 240', CNAB240_RETURN_LINES],
    ['Itaú CNAB 400', ITAU_RETURN_LINES],
    ['Bradesco CNAB 400', BRADESCO_RETURN_LINES],
  ] as const;

  it.each(files)('%s: overwriting characters anywhere never throws, and never yields an entry from a rejected line', (_, lines) => {
    const corruption = fc.array(
      fc.record({ line: fc.nat({ max: lines.length - 1 }), at: fc.nat({ max: 399 }), text: fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('0', '9', 'A', ' ', ',', '-', 'é', '\u0000', '3', 'T', 'U') }) }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(corruption, (changes) => {
        const mutated = [...lines];
        for (const { line, at, text } of changes) {
          const original = mutated[line]!;
          const from = Math.min(at, original.length);
          mutated[line] = original.slice(0, from) + text + original.slice(from + text.length);
        }
        const { entries, rejections } = parseReturnFile(mutated.join('\r\n'));
        const rejected = new Set(rejections.map((r) => r.line));
        for (const entry of entries) expect(rejected.has(entry.line)).toBe(false);
        for (const r of rejections) expect(r.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 420 }), { maxLength: 6 }), (lines) => {
        const result = parseReturnFile(lines.join('\n'));
        expect(Array.isArray(result.rejections)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
