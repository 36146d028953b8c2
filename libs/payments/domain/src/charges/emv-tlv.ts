import { ValidationError } from '@collections/shared-kernel';

/**
 * One EMV QRCPS data object: a two-digit id, a two-digit length and the value. Templates
 * (merchant account information 26-51, additional data 62, unreserved 80-99) hold nested
 * objects, parsed into `children`.
 */
export interface TlvNode {
  readonly id: string;
  readonly value: string;
  readonly children?: readonly TlvNode[];
}

/** Ids whose value is itself a list of data objects: merchant account information 26-51, additional data 62, language template 64, unreserved 80-99. */
export function isTemplateId(id: string): boolean {
  const n = Number(id);
  return (n >= 26 && n <= 51) || n === 62 || n === 64 || (n >= 80 && n <= 99);
}

/** Writes one data object; the length is two digits, so a value holds at most 99 characters. */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new RangeError(`EMV id must be two digits, got "${id}"`);
  if (value.length > 99) throw new RangeError(`EMV object ${id} holds at most 99 characters, got ${value.length}`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * Reads a run of data objects. A length that is not two digits or runs past the end is
 * refused (ValidationError on `field`), naming the object and its position: a payer
 * pasting half a "copia e cola" gets told where it breaks.
 */
export function parseTlv(text: string, field: string, path = ''): TlvNode[] {
  const nodes: TlvNode[] = [];
  let at = 0;
  while (at < text.length) {
    const id = text.slice(at, at + 2);
    const length = text.slice(at + 2, at + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(length)) {
      throw ValidationError.of(field, `malformed data object at position ${at}${path ? ` inside ${path}` : ''}: expected a 2-digit id and a 2-digit length`);
    }
    const end = at + 4 + Number(length);
    if (end > text.length) {
      throw ValidationError.of(field, `object ${path}${id} declares length ${length} but only ${text.length - at - 4} characters follow`);
    }
    const value = text.slice(at + 4, end);
    nodes.push(isTemplateId(id) && path === '' ? { id, value, children: parseTlv(value, field, `${id}.`) } : { id, value });
    at = end;
  }
  return nodes;
}
