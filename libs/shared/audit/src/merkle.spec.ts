import {
  EMPTY_ROOT,
  MerkleFrontier,
  MerkleLevels,
  leafHash,
  nodeHash,
  rootOf,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

/** RFC 6962 §2.1's definition, written as literally as possible: the reference the fast code must match. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const levelsOf = (list: readonly Buffer[]) => new MerkleLevels(Buffer.concat(list));

describe('Merkle tree (RFC 6962)', () => {
  it('given no leaves, when the root is taken, then it is SHA-256 of the empty string', () => {
    expect(new MerkleFrontier().root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('given leaf and node hashes, when computed, then they carry the 0x00 and 0x01 domain prefixes', () => {
    // A leaf whose bytes are two hashes must not hash like the node over them.
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    expect(leafHash(Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
  });

  it('given 1 to 70 leaves, when the frontier and the levels compute the root, then both equal the reference definition', () => {
    for (let n = 1; n <= 70; n++) {
      const list = leaves(n);
      expect(rootOf(list).equals(referenceRoot(list))).toBe(true);
      expect(levelsOf(list).root(n).equals(referenceRoot(list))).toBe(true);
    }
  });

  it('given any leaf of trees of 1 to 40 leaves, when its inclusion proof is verified, then it holds at its index and only there', () => {
    for (let n = 1; n <= 40; n++) {
      const list = leaves(n);
      const levels = levelsOf(list);
      for (let size = 1; size <= n; size++) {
        const root = referenceRoot(list.slice(0, size));
        for (let i = 0; i < size; i++) {
          const proof = levels.inclusionProof(i, size);
          expect(verifyInclusion(list[i]!, i, size, proof, root)).toBe(true);
          if (size > 1) {
            expect(verifyInclusion(list[(i + 1) % size]!, i, size, proof, root)).toBe(false);
            expect(verifyInclusion(list[i]!, (i + 1) % size, size, proof, root)).toBe(false);
          }
        }
      }
    }
  });

  it('given an inclusion proof, when a leaf byte, a proof hash, the tree shape or the root changes, then it no longer verifies', () => {
    const list = leaves(13);
    const levels = levelsOf(list);
    const root = levels.root(13);
    const proof = levels.inclusionProof(6, 13);
    const flipped = Buffer.from(list[6]!);
    flipped[0] = flipped[0]! ^ 1;
    expect(verifyInclusion(flipped, 6, 13, proof, root)).toBe(false);
    expect(verifyInclusion(list[6]!, 6, 13, [proof[0]!, leafHash(Buffer.from('x')), ...proof.slice(2)], root)).toBe(false);
    expect(verifyInclusion(list[6]!, 6, 7, proof, root)).toBe(false);
    expect(verifyInclusion(list[6]!, 6, 13, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(list[6]!, 6, 13, proof, levels.root(12))).toBe(false);
    expect(verifyInclusion(list[6]!, 13, 13, proof, root)).toBe(false);
  });

  it('given trees of 1 to 33 leaves, when a consistency proof between any two sizes is verified, then it holds', () => {
    const list = leaves(33);
    const levels = levelsOf(list);
    for (let n = 1; n <= 33; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = levels.consistencyProof(m, n);
        expect(verifyConsistency(m, n, levels.root(m), levels.root(n), proof)).toBe(true);
      }
    }
  });

  it('given a later tree in which one earlier leaf was rewritten, when consistency is verified, then it fails for every earlier size covering that leaf', () => {
    const list = leaves(20);
    const rewritten = [...list];
    rewritten[4] = leafHash(Buffer.from('rewritten'));
    const honest = levelsOf(list);
    const forged = levelsOf(rewritten);
    for (let m = 5; m < 20; m++) {
      // The forger proves from their own tree, against the root signed before the rewrite.
      expect(verifyConsistency(m, 20, honest.root(m), forged.root(20), forged.consistencyProof(m, 20))).toBe(false);
    }
    // A tree that truncated the log and grew back to the same size is no extension either.
    const regrown = levelsOf([...list.slice(0, 10), ...leaves(30).slice(20, 30)]);
    expect(verifyConsistency(15, 20, honest.root(15), regrown.root(20), regrown.consistencyProof(15, 20))).toBe(false);
  });

  it('given a consistency proof, when the sizes are swapped or the proof is cut, then it no longer verifies', () => {
    const levels = levelsOf(leaves(11));
    const proof = levels.consistencyProof(6, 11);
    expect(verifyConsistency(6, 11, levels.root(6), levels.root(11), proof.slice(0, -1))).toBe(false);
    expect(verifyConsistency(11, 6, levels.root(11), levels.root(6), proof)).toBe(false);
    expect(verifyConsistency(6, 11, levels.root(7), levels.root(11), proof)).toBe(false);
    expect(verifyConsistency(6, 6, levels.root(6), levels.root(7), [])).toBe(false);
  });
});
