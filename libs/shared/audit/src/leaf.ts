import { LEAF_PREFIX, leafHashOfPrefixed } from './merkle';

/**
 * What an event's leaf covers: every column a reader relies on, as the text PostgreSQL
 * prints for it (jsonb's text output is canonical: keys sorted, one spacing; the instant
 * as integer epoch microseconds so that no time zone or rounding enters). The leaf is
 * hashed here, in the application, from those raw values: no function of the database
 * is trusted to compute or to check it.
 */
export interface LeafColumns {
  readonly transactionId: string;
  readonly position: string;
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamCategory: string;
  readonly streamVersion: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAtMicros: string;
}

/** The order of the fields in the leaf; changing it (or the tag) makes a new leaf format. */
export const LEAF_FIELDS: readonly (keyof LeafColumns)[] = [
  'transactionId',
  'position',
  'tenantId',
  'streamId',
  'streamCategory',
  'streamVersion',
  'eventId',
  'eventType',
  'schemaVersion',
  'data',
  'metadata',
  'recordedAtMicros',
];

const LEAF_TAG = 'collections.audit.leaf.v1';

/** Each field as a 4-byte big-endian length and its UTF-8 bytes: no separator a value could contain. */
export function encodeLeaf(columns: LeafColumns): Buffer {
  return encode(columns, 0);
}

function encode(columns: LeafColumns, reserve: number): Buffer {
  const values = [LEAF_TAG, ...LEAF_FIELDS.map((f) => columns[f])];
  // One allocation per leaf: this runs for every event of the log at each digest.
  let size = reserve;
  for (const value of values) size += 4 + Buffer.byteLength(value, 'utf8');
  const out = Buffer.allocUnsafe(size);
  let at = reserve;
  for (const value of values) {
    const length = out.write(value, at + 4, 'utf8');
    out.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}

/** SHA-256(0x00 || encodeLeaf(columns)), encoded straight after the prefix byte. */
export function leafHashOf(columns: LeafColumns): Buffer {
  const prefixed = encode(columns, 1);
  prefixed[0] = LEAF_PREFIX;
  return leafHashOfPrefixed(prefixed);
}

/** A point in commit order: (transaction id, position), both as decimal text. */
export interface CommitCursor {
  readonly transactionId: string;
  readonly position: string;
}

export const CURSOR_START: CommitCursor = { transactionId: '0', position: '0' };

export function compareCursors(a: CommitCursor, b: CommitCursor): number {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(a.position) - BigInt(b.position);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}

export function isLeafColumns(value: unknown): value is LeafColumns {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return LEAF_FIELDS.every((f) => typeof record[f] === 'string');
}
