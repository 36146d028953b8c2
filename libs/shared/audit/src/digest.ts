import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { sha256 } from './merkle';
import type { CommitCursor } from './leaf';

/**
 * A signed statement of the whole log at one moment: its Merkle tree head in commit
 * order, how many events it covers, the last event's commit-order key, and the hash of
 * the previous digest, so that digests form a chain of their own (a digest cannot be
 * dropped or reordered without the chain showing it).
 */
export interface UnsignedDigest {
  readonly kind: 'collections.audit.digest';
  readonly formatVersion: 1;
  readonly sequence: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastCursor: CommitCursor;
  readonly previousDigestHash: string | null;
  readonly issuedAt: string;
  readonly keyId: string;
}

export interface SignedDigest extends UnsignedDigest {
  /** Ed25519 over `canonicalDigestBytes`, base64. */
  readonly signature: string;
  /** SHA-256 of `canonicalDigestBytes`, hex: what the next digest chains to. */
  readonly digestHash: string;
}

/** The signed bytes: the fields in a fixed order, so no JSON key order or spacing matters. */
export function canonicalDigestBytes(digest: UnsignedDigest): Buffer {
  return Buffer.from(
    JSON.stringify([
      digest.kind,
      digest.formatVersion,
      digest.sequence,
      digest.treeSize,
      digest.rootHash,
      digest.lastCursor.transactionId,
      digest.lastCursor.position,
      digest.previousDigestHash,
      digest.issuedAt,
      digest.keyId,
    ]),
    'utf8',
  );
}

export function digestHashOf(digest: UnsignedDigest): string {
  return sha256(canonicalDigestBytes(digest)).toString('hex');
}

/** A key id that names the public key itself: the first 16 bytes of SHA-256 of its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' })).subarray(0, 16).toString('hex');
}

export function verifyDigestSignature(digest: SignedDigest, publicKeyPem: string | KeyObject): boolean {
  const key = typeof publicKeyPem === 'string' ? createPublicKey(publicKeyPem) : publicKeyPem;
  try {
    return verify(null, canonicalDigestBytes(digest), key, Buffer.from(digest.signature, 'base64'));
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^[0-9]+$/;

/** Reads a digest from a JSON line (the anchor file, or a Kafka message value); null if it is not one. */
export function parseDigest(line: string): SignedDigest | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Record<string, unknown>;
  const cursor = d['lastCursor'] as Record<string, unknown> | undefined;
  const ok =
    d['kind'] === 'collections.audit.digest' &&
    d['formatVersion'] === 1 &&
    Number.isSafeInteger(d['sequence']) &&
    Number.isSafeInteger(d['treeSize']) &&
    typeof d['rootHash'] === 'string' &&
    HEX64.test(d['rootHash']) &&
    typeof cursor === 'object' &&
    cursor !== null &&
    typeof cursor['transactionId'] === 'string' &&
    DECIMAL.test(cursor['transactionId']) &&
    typeof cursor['position'] === 'string' &&
    DECIMAL.test(cursor['position']) &&
    (d['previousDigestHash'] === null || (typeof d['previousDigestHash'] === 'string' && HEX64.test(d['previousDigestHash']))) &&
    typeof d['issuedAt'] === 'string' &&
    typeof d['keyId'] === 'string' &&
    typeof d['signature'] === 'string' &&
    typeof d['digestHash'] === 'string';
  return ok ? (value as SignedDigest) : null;
}
