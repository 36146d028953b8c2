import { open, stat, truncate } from 'node:fs/promises';
import { HASH_BYTES, sha256 } from './merkle';

/**
 * The leaves of the digested log, kept by the publisher OUTSIDE the database: per leaf
 * its hash, the event's position and stream version, and a key of its stream id.
 *
 * Why: a proof for an untouched event needs the hashes of the other leaves as they were
 * when the digest was signed. Recomputed from a database someone rewrote, every proof
 * would fail and the rewritten event could not be told from the others; from this file
 * only the rewritten event's own proof fails. It also says which leaves belonged to a
 * stream, so an event deleted from the database (or a whole stream, or the whole log)
 * is still named in an export. Losing it loses none of the guarantees of the signed
 * digests (they are checked against the database's rows), only the precision of the
 * report; the publisher refuses to continue over a file that does not match its last
 * digest.
 *
 * Record: 64 bytes = leaf hash (32) | position (i64 BE: whatever a row claims) | stream version (i64 BE) |
 * first 16 bytes of SHA-256(stream id).
 */
export const LEAF_RECORD_BYTES = 64;

export interface LeafRecord {
  readonly leafHash: Buffer;
  readonly position: bigint;
  readonly streamVersion: bigint;
  readonly streamKey: Buffer;
}

export function streamKeyOf(streamId: string): Buffer {
  return sha256(Buffer.from(streamId, 'utf8')).subarray(0, 16);
}

export function encodeLeafRecord(record: LeafRecord): Buffer {
  const out = Buffer.alloc(LEAF_RECORD_BYTES);
  record.leafHash.copy(out, 0);
  out.writeBigInt64BE(record.position, 32);
  out.writeBigInt64BE(record.streamVersion, 40);
  record.streamKey.copy(out, 48, 0, 16);
  return out;
}

export function decodeLeafRecord(records: Buffer, index: number): LeafRecord {
  const at = index * LEAF_RECORD_BYTES;
  return {
    leafHash: records.subarray(at, at + HASH_BYTES),
    position: records.readBigInt64BE(at + 32),
    streamVersion: records.readBigInt64BE(at + 40),
    streamKey: records.subarray(at + 48, at + 64),
  };
}

/** The leaf hashes alone, contiguous (what `MerkleLevels` takes). */
export function leafHashesOf(records: Buffer, count: number): Buffer {
  const out = Buffer.alloc(count * HASH_BYTES);
  for (let i = 0; i < count; i++) records.copy(out, i * HASH_BYTES, i * LEAF_RECORD_BYTES, i * LEAF_RECORD_BYTES + HASH_BYTES);
  return out;
}

export class FileLeafLog {
  constructor(readonly path: string) {}

  /** How many whole records the file holds. */
  async count(): Promise<number> {
    try {
      return Math.floor((await stat(this.path)).size / LEAF_RECORD_BYTES);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /** The first `count` records (all of them by default). */
  async read(count?: number): Promise<Buffer> {
    const have = await this.count();
    const wanted = count ?? have;
    if (wanted > have) throw new Error(`${this.path} holds ${have} leaves, ${wanted} wanted`);
    if (wanted === 0) return Buffer.alloc(0);
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(wanted * LEAF_RECORD_BYTES);
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
        if (bytesRead === 0) throw new Error(`${this.path} ended early`);
        read += bytesRead;
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  /** Appends and fsyncs: the records are on disk before the digest that covers them is signed. */
  async append(records: Buffer): Promise<void> {
    if (records.length === 0) return;
    const handle = await open(this.path, 'a');
    try {
      await handle.write(records);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Drops records past `count` (left by a crash after the append, before the digest). */
  async truncateTo(count: number): Promise<void> {
    await truncate(this.path, count * LEAF_RECORD_BYTES);
  }
}
