import { LEAF_FIELDS, compareCursors, encodeLeaf, leafHashOf, type LeafColumns } from './leaf';
import { leafHash } from './merkle';

const columns: LeafColumns = {
  transactionId: '318985',
  position: '42',
  tenantId: 'tenant-a',
  streamId: 'debt-1',
  streamCategory: 'debt',
  streamVersion: '3',
  eventId: '0b7d6c1e-8c1b-4a4e-9b1a-2f8e8f0c9d11',
  eventType: 'DebtPaymentRecorded',
  schemaVersion: '1',
  data: '{"amount": 100, "nome": "João"}',
  metadata: '{"actor": "agent-7"}',
  recordedAtMicros: '1780000000000000',
};

describe('an event’s leaf', () => {
  it('given its columns, when hashed, then the fast path equals SHA-256(0x00 || encoding)', () => {
    expect(leafHashOf(columns).equals(leafHash(encodeLeaf(columns)))).toBe(true);
  });

  it('given any one column changed, when hashed, then the leaf hash changes', () => {
    for (const field of LEAF_FIELDS) {
      expect(leafHashOf({ ...columns, [field]: `${columns[field]}0` }).equals(leafHashOf(columns))).toBe(false);
    }
  });

  it('given a character moved from one column to the next, when hashed, then the leaf hash changes (lengths, not separators)', () => {
    const moved = { ...columns, tenantId: 'tenant-', streamId: 'adebt-1' };
    expect(encodeLeaf(moved).equals(encodeLeaf(columns))).toBe(false);
    expect(leafHashOf(moved).equals(leafHashOf(columns))).toBe(false);
  });

  it('given multi-byte UTF-8 in a column, when encoded, then its length prefix counts bytes', () => {
    const bytes = encodeLeaf(columns);
    const data = Buffer.from(columns.data, 'utf8');
    const at = bytes.indexOf(data);
    expect(bytes.readUInt32BE(at - 4)).toBe(data.length);
    expect(data.length).toBeGreaterThan(columns.data.length);
  });

  it('given commit-order keys, when compared, then transaction ids order first and both compare as numbers', () => {
    expect(compareCursors({ transactionId: '9', position: '100' }, { transactionId: '10', position: '1' })).toBe(-1);
    expect(compareCursors({ transactionId: '10', position: '9' }, { transactionId: '10', position: '10' })).toBe(-1);
    expect(compareCursors({ transactionId: '10', position: '10' }, { transactionId: '10', position: '10' })).toBe(0);
  });
});
