import { createHash } from 'node:crypto';
import { v7 as uuidv7, validate as uuidValidate, version as uuidVersion } from 'uuid';

/**
 * Source of identifiers, passed into commands like the clock. UUIDv7 (RFC 9562) is
 * time-ordered, so ids sort by creation time and index well as primary keys.
 */
export interface IdGenerator {
  next(): string;
}

export const uuidV7Ids: IdGenerator = { next: () => uuidv7() };

/** Deterministic ids for tests: valid UUIDv7 strings from a counter, in order. */
export class SequentialTestIds implements IdGenerator {
  private counter = 0;
  constructor(private readonly prefixMs = 1_767_225_600_000) {}

  next(): string {
    this.counter += 1;
    return uuidv7({ msecs: this.prefixMs, seq: this.counter, random: new Uint8Array(16) });
  }
}

export function isUuid(value: string): boolean {
  return uuidValidate(value);
}

export function isTimeOrderedUuid(value: string): boolean {
  return uuidValidate(value) && uuidVersion(value) === 7;
}

/**
 * A name-based UUIDv8 (RFC 9562 section 5.8) from SHA-256 over `parts`: the same parts
 * always give the same id, other parts another one. For ids that must come out equal
 * when the same thing is derived twice (a retried publish, a redelivered message), so
 * that the store and every inbox recognise the repeat. Each part is length-prefixed:
 * ('ab', 'c') and ('a', 'bc') do not collide.
 */
export function nameBasedUuid(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${Buffer.byteLength(part, 'utf8')}:${part}`, 'utf8');
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
