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
