/**
 * An amount in reais as a portfolio file writes it ("1234.56", "1234,56", or an NDJSON
 * number), as integer centavos, read exactly from its decimal text: floating point
 * (`Math.round(x * 100)`) turns "1.005" into 100 and accepts "1e3" or "12.345" without
 * a word, so a file's amounts would silently differ from what the creditor sent.
 * Returns the centavos, or the reason the text is not an amount.
 */
export function parseCentavos(input: unknown): { readonly centavos: number } | { readonly problem: string } {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : typeof input === 'string' ? input.trim() : '';
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return { problem: 'must be a non-negative amount in reais with at most 2 decimals, e.g. 1234.56' };
  const centavos = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (centavos > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: 'is too large' };
  return { centavos: Number(centavos) };
}
