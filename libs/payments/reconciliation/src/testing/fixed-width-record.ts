/**
 * Writes a fixture line from pieces, each with the positions the bank's manual gives
 * ("001-003") and its content. Throws when a piece does not start where the previous
 * one ended or does not have the width its positions say: the fixtures are written
 * from the manuals independently of the parser's layout tables, and checked by hand.
 */
export type Piece = readonly [positions: string, value: string];

export function record(length: number, pieces: readonly Piece[]): string {
  let next = 1;
  for (const [positions, value] of pieces) {
    const [start, end = start] = positions.split('-').map(Number) as [number, number?];
    if (start !== next) throw new Error(`fixture: piece ${positions} starts at ${start}, expected ${next}`);
    if (value.length !== end - start + 1) throw new Error(`fixture: piece ${positions} "${value}" has ${value.length} characters, expected ${end - start + 1}`);
    next = end + 1;
  }
  if (next !== length + 1) throw new Error(`fixture: pieces end at ${next - 1}, the record has ${length}`);
  return pieces.map(([, value]) => value).join('');
}

/** Blanks (brancos) of a width. */
export const blank = (width: number): string => ' '.repeat(width);
/** Zeros of a width. */
export const zeros = (width: number): string => '0'.repeat(width);
/** Left-aligned text padded with blanks (alfanumérico). */
export const alpha = (text: string, width: number): string => text.slice(0, width).padEnd(width, ' ');
/** Right-aligned digits padded with zeros (numérico). */
export const num = (value: number | string, width: number): string => String(value).padStart(width, '0');
