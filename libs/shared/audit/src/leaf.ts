import { leafHash } from './merkle';

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
  const parts: Buffer[] = [];
  for (const value of [LEAF_TAG, ...LEAF_FIELDS.map((f) => columns[f])]) {
    const bytes = Buffer.from(value, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

export function leafHashOf(columns: LeafColumns): Buffer {
  return leafHash(encodeLeaf(columns));
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
