import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalDigestBytes, digestHashOf, keyIdOf, type SignedDigest, type UnsignedDigest } from './digest';
import type { ExportLine } from './export';
import { leafHashOf, type LeafColumns } from './leaf';
import { MerkleLevels } from './merkle';
import { verifyAuditExport } from './verifier';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const columns = (i: number, streamId = 'debt-1', version = i + 1): LeafColumns => ({
  transactionId: String(1000 + i),
  position: String(i + 1),
  tenantId: 'tenant-a',
  streamId,
  streamCategory: 'debt',
  streamVersion: String(version),
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  eventType: 'DebtPaymentRecorded',
  schemaVersion: '1',
  data: `{"amount": ${i}}`,
  metadata: '{}',
  recordedAtMicros: String(1_780_000_000_000_000 + i),
});

function signed(fields: Omit<UnsignedDigest, 'kind' | 'formatVersion' | 'keyId' | 'issuedAt'>, key = privateKey): SignedDigest {
  const unsigned: UnsignedDigest = { kind: 'collections.audit.digest', formatVersion: 1, keyId: keyIdOf(publicKey), issuedAt: '2026-11-28T10:00:00.000Z', ...fields };
  return { ...unsigned, signature: sign(null, canonicalDigestBytes(unsigned), key).toString('base64'), digestHash: digestHashOf(unsigned) };
}

/** A chain of digests over `sizes` prefixes of `leaves`. */
function chainOver(leaves: readonly LeafColumns[], sizes: readonly number[]): { digests: SignedDigest[]; levels: MerkleLevels } {
  const levels = new MerkleLevels(Buffer.concat(leaves.map(leafHashOf)));
  const digests: SignedDigest[] = [];
  sizes.forEach((size, i) => {
    const last = leaves[size - 1]!;
    digests.push(
      signed({
        sequence: i + 1,
        treeSize: size,
        rootHash: levels.root(size).toString('hex'),
        lastCursor: { transactionId: last.transactionId, position: last.position },
        previousDigestHash: digests[i - 1]?.digestHash ?? null,
      }),
    );
  });
  return { digests, levels };
}

const lines = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join('\n');

function exportOf(streamLeaves: readonly number[], all: readonly LeafColumns[], levels: MerkleLevels, digests: readonly SignedDigest[], consistencyFrom: MerkleLevels = levels): string {
  const digest = digests[digests.length - 1]!;
  const events: ExportLine[] = streamLeaves.map((i) => ({
    kind: 'event',
    leafIndex: i,
    position: all[i]!.position,
    streamVersion: all[i]!.streamVersion,
    columns: all[i]!,
    proof: levels.inclusionProof(i, digest.treeSize).map((p) => p.toString('hex')),
  }));
  const consistency: ExportLine[] = digests.slice(1).map((d, i) => ({
    kind: 'consistency',
    fromSequence: digests[i]!.sequence,
    toSequence: d.sequence,
    proof: consistencyFrom.consistencyProof(digests[i]!.treeSize, d.treeSize).map((p) => p.toString('hex')),
  }));
  return lines([
    { kind: 'header', formatVersion: 1, streamId: 'debt-1', exportedAt: '2026-11-28T10:00:00.000Z', digest },
    ...events,
    ...consistency,
    { kind: 'trailer', events: events.length, unanchored: 0, consistencyProofs: consistency.length },
  ]);
}

describe('the offline verifier', () => {
  const leaves = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? columns(i, 'debt-1', i / 3 + 1) : columns(i, `debtor-${i}`, 1)));
  const streamLeaves = [0, 3, 6, 9];

  it('given an honest chain and export, when verified, then nothing breaks and every proof is counted', () => {
    const { digests, levels } = chainOver(leaves, [5, 9, 12]);
    const result = verifyAuditExport({ exportText: exportOf(streamLeaves, leaves, levels, digests), digestsText: lines(digests), publicKeyPem });
    expect(result).toMatchObject({ ok: true, breaks: [], checked: { digests: 3, signatures: 3, chainLinks: 2, consistencyProofs: 2, events: 4, inclusionProofs: 4 } });
  });

  it('given no digest at all (an empty or wrong file), when verified, then it is not a pass', () => {
    const result = verifyAuditExport({ digestsText: 'not a digest\n', publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'malformed-input' })]);
  });

  it('given a digest dropped from the chain, when the digests are verified, then the missing sequence is reported', () => {
    const { digests } = chainOver(leaves, [5, 9, 12]);
    const result = verifyAuditExport({ digestsText: lines([digests[0], digests[2]]), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'digest-missing', digestSequence: 2 })]);
  });

  it('given a digest signed by another key, when verified, then its signature breaks', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const { digests } = chainOver(leaves, [5]);
    const forged = signed({ sequence: 2, treeSize: 9, rootHash: digests[0]!.rootHash, lastCursor: digests[0]!.lastCursor, previousDigestHash: digests[0]!.digestHash }, other);
    const result = verifyAuditExport({ digestsText: lines([digests[0], forged]), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'bad-signature', digestSequence: 2 })]);
  });

  it('given a key rotated between two digests, when verified with both public keys, then the chain holds across the rotation, and with the old key alone the new digest breaks', () => {
    const next = generateKeyPairSync('ed25519');
    const { digests } = chainOver(leaves, [5, 9]);
    const unsigned = { ...digests[1]!, keyId: keyIdOf(next.publicKey) };
    const rotated: SignedDigest = { ...unsigned, signature: sign(null, canonicalDigestBytes(unsigned), next.privateKey).toString('base64'), digestHash: digestHashOf(unsigned) };
    const both = [publicKeyPem, next.publicKey.export({ type: 'spki', format: 'pem' }).toString()];
    expect(verifyAuditExport({ digestsText: lines([digests[0], rotated]), publicKeyPem: both })).toMatchObject({ ok: true, checked: { signatures: 2, chainLinks: 1 } });
    expect(verifyAuditExport({ digestsText: lines([digests[0], rotated]), publicKeyPem }).breaks).toEqual([
      expect.objectContaining({ reason: 'bad-signature', digestSequence: 2 }),
    ]);
  });

  it('given a digest edited after signing, when verified, then its hash breaks', () => {
    const { digests } = chainOver(leaves, [5, 9]);
    const result = verifyAuditExport({ digestsText: lines([digests[0], { ...digests[1]!, treeSize: 10 }]), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'bad-digest-hash', digestSequence: 2 })]);
  });

  it('given a later digest, signed with the key, over a log whose earlier events were rewritten, when verified, then the consistency proof breaks', () => {
    const { digests: honest } = chainOver(leaves, [5]);
    const rewritten = leaves.map((c, i) => (i === 3 ? { ...c, data: '{"amount": 0}' } : c));
    const { digests: forgedChain, levels: forgedLevels } = chainOver(rewritten, [5, 12]);
    const second = signed({ ...forgedChain[1]!, previousDigestHash: honest[0]!.digestHash });
    const digests = [honest[0]!, second];
    const result = verifyAuditExport({ exportText: exportOf(streamLeaves, rewritten, forgedLevels, digests), digestsText: lines(digests), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'inconsistent-digests', digestSequence: 2 })]);
  });

  it('given a later digest over fewer events, when verified, then the log is reported to have shrunk', () => {
    const { digests } = chainOver(leaves, [9]);
    const { levels } = chainOver(leaves, [9]);
    const smaller = signed({
      sequence: 2,
      treeSize: 6,
      rootHash: levels.root(6).toString('hex'),
      lastCursor: { transactionId: leaves[5]!.transactionId, position: leaves[5]!.position },
      previousDigestHash: digests[0]!.digestHash,
    });
    const result = verifyAuditExport({ digestsText: lines([digests[0], smaller]), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'log-shrank', digestSequence: 2 })]);
  });

  it('given an export whose stream skips a version among its proven events, when verified, then the gap is reported', () => {
    const { digests, levels } = chainOver(leaves, [12]);
    const result = verifyAuditExport({ exportText: exportOf([0, 3, 9], leaves, levels, digests), digestsText: lines(digests), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'version-gap', streamId: 'debt-1', streamVersion: '3' })]);
  });

  it('given an export against a digest that is not among those given, when verified, then nothing in it is trusted', () => {
    const { digests, levels } = chainOver(leaves, [9, 12]);
    const result = verifyAuditExport({ exportText: exportOf(streamLeaves, leaves, levels, digests), digestsText: lines([digests[0]]), publicKeyPem });
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'unknown-digest', digestSequence: 2 })]);
    expect(result.checked.events).toBe(0);
  });
});
