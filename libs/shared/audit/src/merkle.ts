import { hash } from 'node:crypto';

/**
 * The Merkle tree of the log, as RFC 6962 / RFC 9162 (Certificate Transparency)
 * define it: leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right),
 * and a tree of n leaves splits at the largest power of two below n. Using the published
 * definition (rather than one of our own) means the proofs can be checked by any CT
 * verifier, and the domain separation bytes stop a leaf from being passed off as a node.
 *
 * Everything here is pure: hashes in, hashes out.
 */

export const HASH_BYTES = 32;

// One-shot crypto.hash over one buffer: a digest runs a million of these, and a
// createHash object per call costs about as much again as the hashing itself.
export function sha256(...parts: readonly Uint8Array[]): Buffer {
  return hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'buffer');
}

export const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export function leafHash(leaf: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafe(1 + leaf.length);
  bytes[0] = LEAF_PREFIX;
  bytes.set(leaf, 1);
  return sha256(bytes);
}

/** The leaf hash of bytes that already start with the 0x00 prefix (saves a copy). */
export function leafHashOfPrefixed(prefixed: Buffer): Buffer {
  if (prefixed[0] !== LEAF_PREFIX) throw new Error('leaf bytes must start with 0x00');
  return sha256(prefixed);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafe(1 + left.length + right.length);
  bytes[0] = NODE_PREFIX;
  bytes.set(left, 1);
  bytes.set(right, 1 + left.length);
  return sha256(bytes);
}

/** The root of the empty tree: SHA-256 of nothing (RFC 6962 §2.1). */
export const EMPTY_ROOT: Buffer = sha256();

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The right edge of a growing tree: the roots of the perfect subtrees that the binary
 * decomposition of its size gives, largest first. Appending a leaf and taking the root
 * are O(log n), so a digest over a million events needs no second pass and no tree in
 * memory.
 */
export class MerkleFrontier {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(leaf: Buffer): void {
    let entry = { size: 1, hash: leaf };
    // Two perfect subtrees of the same size merge into one, as in a binary counter.
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === entry.size) {
      const left = this.stack.pop()!;
      entry = { size: left.size * 2, hash: nodeHash(left.hash, entry.hash) };
    }
    this.stack.push(entry);
    this.count += 1;
  }

  /** The tree head: the subtrees folded from the smallest (rightmost) one leftwards. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i]!.hash, acc);
    return acc;
  }
}

export function rootOf(leaves: readonly Buffer[]): Buffer {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  return frontier.root();
}

/**
 * Every perfect, aligned subtree hash of a list of leaf hashes, one flat buffer per level
 * (level 0 = the leaves). Proofs only ever need those plus the hashes of right-hand,
 * imperfect subtrees, which are folded from them: RFC 6962's recursion always splits a
 * range that starts at a multiple of its left half's size.
 */
export class MerkleLevels {
  private readonly levels: Buffer[];

  constructor(leaves: Buffer) {
    if (leaves.length % HASH_BYTES !== 0) throw new Error('leaf hashes must be 32 bytes each');
    this.levels = [leaves];
    let current = leaves;
    while (current.length / HASH_BYTES >= 2) {
      const pairs = Math.floor(current.length / HASH_BYTES / 2);
      const next = Buffer.alloc(pairs * HASH_BYTES);
      for (let i = 0; i < pairs; i++) {
        nodeHash(current.subarray(2 * i * HASH_BYTES, (2 * i + 1) * HASH_BYTES), current.subarray((2 * i + 1) * HASH_BYTES, (2 * i + 2) * HASH_BYTES)).copy(next, i * HASH_BYTES);
      }
      this.levels.push(next);
      current = next;
    }
  }

  get size(): number {
    return this.levels[0]!.length / HASH_BYTES;
  }

  leaf(index: number): Buffer {
    return this.levels[0]!.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** MTH(D[start, start + n)). */
  hash(start: number, n: number): Buffer {
    if (n === 0) return EMPTY_ROOT;
    if (start + n > this.size) throw new Error(`range [${start}, ${start + n}) is past the ${this.size} leaves`);
    const level = Math.log2(n);
    if (Number.isInteger(level) && start % n === 0) {
      const perfect = this.levels[level]!;
      return perfect.subarray((start / n) * HASH_BYTES, (start / n + 1) * HASH_BYTES);
    }
    const k = splitPoint(n);
    return nodeHash(this.hash(start, k), this.hash(start + k, n - k));
  }

  root(treeSize: number): Buffer {
    return this.hash(0, treeSize);
  }

  /** PATH(m, D[0, treeSize)): the audit path of leaf m (RFC 6962 §2.1.1), leaf side first. */
  inclusionProof(index: number, treeSize: number): Buffer[] {
    if (!(index >= 0 && index < treeSize && treeSize <= this.size)) throw new Error(`no leaf ${index} in a tree of ${treeSize}`);
    const path: Buffer[] = [];
    const walk = (m: number, start: number, n: number): void => {
      if (n <= 1) return;
      const k = splitPoint(n);
      if (m < k) {
        walk(m, start, k);
        path.push(this.hash(start + k, n - k));
      } else {
        walk(m - k, start + k, n - k);
        path.push(this.hash(start, k));
      }
    };
    walk(index, 0, treeSize);
    return path;
  }

  /** PROOF(m, D[0, n)): that the tree of size n extends the one of size m (RFC 6962 §2.1.2). */
  consistencyProof(m: number, n: number): Buffer[] {
    if (!(m >= 0 && m <= n && n <= this.size)) throw new Error(`no consistency proof from ${m} to ${n}`);
    if (m === 0 || m === n) return [];
    const proof: Buffer[] = [];
    const sub = (mm: number, start: number, nn: number, whole: boolean): void => {
      if (mm === nn) {
        if (!whole) proof.push(this.hash(start, nn));
        return;
      }
      const k = splitPoint(nn);
      if (mm <= k) {
        sub(mm, start, k, whole);
        proof.push(this.hash(start + k, nn - k));
      } else {
        sub(mm - k, start + k, nn - k, false);
        proof.push(this.hash(start, k));
      }
    };
    sub(m, 0, n, true);
    return proof;
  }
}

/** RFC 9162 §2.1.3.2: does `leaf` sit at `index` of the tree of `treeSize` whose head is `root`? */
export function verifyInclusion(leaf: Buffer, index: number, treeSize: number, proof: readonly Buffer[], root: Buffer): boolean {
  if (!(Number.isInteger(index) && Number.isInteger(treeSize) && index >= 0 && index < treeSize)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does the tree (secondSize, secondRoot) extend (firstSize, firstRoot)? */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!(Number.isInteger(firstSize) && Number.isInteger(secondSize) && firstSize >= 0 && firstSize <= secondSize)) return false;
  if (firstSize === secondSize) return proof.length === 0 && firstRoot.equals(secondRoot);
  // Every tree extends the empty one; nothing needs proving.
  if (firstSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(firstSize)) ? [firstRoot, ...proof] : [...proof];
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
