import { createPublicKey } from 'node:crypto';
import { digestHashOf, keyIdOf, parseDigest, verifyDigestSignature, type SignedDigest } from './digest';
import type { ExportConsistency, ExportEvent, ExportHeader, ExportLine, ExportTrailer, ExportUnanchored } from './export';
import { compareCursors, isLeafColumns, leafHashOf } from './leaf';
import { verifyConsistency, verifyInclusion } from './merkle';
import { personalDataFields } from './personal-data';

/**
 * The offline check: an export, the digests (the anchor file or a dump of the digest
 * topic) and the public key. No database: everything is recomputed from the bytes given.
 */
export type BreakReason =
  | 'malformed-input'
  | 'bad-digest-hash'
  | 'bad-signature'
  | 'digest-missing'
  | 'digest-chain-broken'
  | 'digests-forked'
  | 'log-shrank'
  | 'inconsistent-digests'
  | 'unknown-digest'
  | 'leaf-mismatch'
  | 'event-missing'
  | 'not-in-digest'
  | 'version-gap'
  | 'export-truncated';

export interface AuditBreak {
  readonly reason: BreakReason;
  readonly detail: string;
  readonly streamId?: string;
  readonly streamVersion?: string;
  readonly position?: string;
  readonly leafIndex?: number;
  readonly digestSequence?: number;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: {
    readonly digests: number;
    readonly signatures: number;
    readonly chainLinks: number;
    readonly consistencyProofs: number;
    readonly events: number;
    readonly inclusionProofs: number;
  };
  /** The digest the export's proofs are against, when it is one of the digests given. */
  readonly against?: { readonly sequence: number; readonly treeSize: number; readonly rootHash: string };
  readonly streamId?: string;
  readonly breaks: readonly AuditBreak[];
  /** What was not checked and why (not a break). */
  readonly notes: readonly string[];
}

export interface AuditVerificationInput {
  /** The export, JSON lines; omitted to check the digests alone. */
  readonly exportText?: string;
  /** Digests, JSON lines: the anchor file, or the values of the digest topic. */
  readonly digestsText: string;
  /** The digest-signing public key(s), PEM: several after a key rotation (each digest names its key id). */
  readonly publicKeyPem: string | readonly string[];
}

export function verifyAuditExport(input: AuditVerificationInput): AuditVerification {
  const breaks: AuditBreak[] = [];
  const notes: string[] = [];
  const checked = { digests: 0, signatures: 0, chainLinks: 0, consistencyProofs: 0, events: 0, inclusionProofs: 0 };
  const keys = new Map((typeof input.publicKeyPem === 'string' ? [input.publicKeyPem] : input.publicKeyPem).map((pem) => {
    const key = createPublicKey(pem);
    return [keyIdOf(key), key] as const;
  }));

  // 1. The digests: each signed by the key, each hashing to its own digestHash, one per sequence.
  const bySequence = new Map<number, SignedDigest>();
  let skipped = 0;
  for (const line of input.digestsText.split('\n')) {
    if (line.trim() === '') continue;
    const digest = parseDigest(line.trim());
    if (!digest) {
      skipped += 1;
      continue;
    }
    const seen = bySequence.get(digest.sequence);
    if (seen && seen.digestHash === digest.digestHash && seen.signature === digest.signature) continue; // a topic may hold a resend
    checked.digests += 1;
    if (digestHashOf(digest) !== digest.digestHash) {
      breaks.push({ reason: 'bad-digest-hash', digestSequence: digest.sequence, detail: `digest #${digest.sequence}: its fields do not hash to its digestHash` });
      continue;
    }
    // The key the digest names, else (a forger may name any id) every key given: none may verify it.
    const named = keys.get(digest.keyId);
    if (!(named ? verifyDigestSignature(digest, named) : [...keys.values()].some((key) => verifyDigestSignature(digest, key)))) {
      breaks.push({
        reason: 'bad-signature',
        digestSequence: digest.sequence,
        detail: `digest #${digest.sequence}: signature does not verify with ${named ? `key ${digest.keyId}` : `any key given (it names key ${digest.keyId}; given: ${[...keys.keys()].join(', ')})`}`,
      });
      continue;
    }
    checked.signatures += 1;
    if (seen) {
      breaks.push({ reason: 'digests-forked', digestSequence: digest.sequence, detail: `two different signed digests carry sequence #${digest.sequence}` });
      continue;
    }
    bySequence.set(digest.sequence, digest);
  }
  if (skipped > 0) notes.push(`${skipped} line(s) of the digests input are not digests and were ignored`);
  const digests = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  // Nothing verified is not a pass: an empty or wrong file must not read as "no break".
  if (digests.length === 0) breaks.push({ reason: 'malformed-input', detail: 'no valid signed digest in the digests input' });

  // 2. The chain: consecutive sequences, each naming its predecessor's hash; the log never shrinks.
  for (let i = 0; i < digests.length; i++) {
    const digest = digests[i]!;
    const previous = digests[i - 1];
    if (!previous) {
      if (digest.sequence === 1 && digest.previousDigestHash !== null) {
        breaks.push({ reason: 'digest-chain-broken', digestSequence: 1, detail: 'digest #1 names a predecessor' });
      } else if (digest.sequence > 1) {
        notes.push(`the digests given start at #${digest.sequence}: the chain before it is not checked`);
      }
      continue;
    }
    if (digest.sequence !== previous.sequence + 1) {
      breaks.push({ reason: 'digest-missing', digestSequence: previous.sequence + 1, detail: `digests #${previous.sequence + 1}..#${digest.sequence - 1} are missing` });
      continue;
    }
    checked.chainLinks += 1;
    if (digest.previousDigestHash !== previous.digestHash) {
      breaks.push({ reason: 'digest-chain-broken', digestSequence: digest.sequence, detail: `digest #${digest.sequence} does not name digest #${previous.sequence} as its predecessor` });
    }
    if (digest.treeSize < previous.treeSize || compareCursors(digest.lastCursor, previous.lastCursor) < 0) {
      breaks.push({
        reason: 'log-shrank',
        digestSequence: digest.sequence,
        detail: `digest #${digest.sequence} covers ${digest.treeSize} events, #${previous.sequence} covered ${previous.treeSize}`,
      });
    }
  }

  if (input.exportText === undefined) {
    // Consistency proofs need the leaves, which only an export (made from the leaf log) carries.
    if (digests.length > 1) notes.push('consistency between the digests is not checked without an export (its consistency lines prove it)');
    return { ok: breaks.length === 0, checked, breaks, notes };
  }

  // 3. The export.
  const lines: ExportLine[] = [];
  for (const [i, text] of input.exportText.split('\n').entries()) {
    if (text.trim() === '') continue;
    const line = parseExportLine(text);
    if (!line) breaks.push({ reason: 'malformed-input', detail: `export line ${i + 1} is not an export line` });
    else lines.push(line);
  }
  const header = lines.find((l): l is ExportHeader => l.kind === 'header');
  if (!header) {
    breaks.push({ reason: 'malformed-input', detail: 'the export has no header' });
    return { ok: false, checked, breaks, notes };
  }
  const streamId = header.streamId;
  const digest = bySequence.get(header.digest.sequence);
  if (!digest || digest.digestHash !== header.digest.digestHash) {
    breaks.push({
      reason: 'unknown-digest',
      digestSequence: header.digest.sequence,
      streamId,
      detail: `the export's proofs are against digest #${header.digest.sequence}, which is not among the signed digests given`,
    });
    return { ok: false, checked, breaks, notes, streamId };
  }
  const root = Buffer.from(digest.rootHash, 'hex');
  const anchoredVersions: bigint[] = [];
  let events = 0;
  let unanchored = 0;
  let consistencyProofs = 0;
  let trailer: ExportTrailer | undefined;
  let personalFields = 0;
  let erasedFields = 0;

  for (const line of lines) {
    switch (line.kind) {
      case 'header':
        break;
      case 'event': {
        events += 1;
        checkEvent(line);
        break;
      }
      case 'unanchored': {
        unanchored += 1;
        checkUnanchored(line);
        break;
      }
      case 'consistency': {
        consistencyProofs += 1;
        checkConsistency(line);
        break;
      }
      case 'trailer':
        trailer = line;
        break;
      default:
        assertNever(line);
    }
  }

  function checkEvent(line: ExportEvent): void {
    checked.events += 1;
    const at = { streamId, streamVersion: line.streamVersion, position: line.position, leafIndex: line.leafIndex };
    if (line.columns === null) {
      breaks.push({ reason: 'event-missing', ...at, detail: `event ${streamId} v${line.streamVersion} (position ${line.position}, leaf ${line.leafIndex}) is in digest #${digest!.sequence} but no longer in the database` });
      return;
    }
    checked.inclusionProofs += 1;
    const proof = line.proof.map((p) => Buffer.from(p, 'hex'));
    if (!verifyInclusion(leafHashOf(line.columns), line.leafIndex, digest!.treeSize, proof, root)) {
      const moved = line.columns.streamId !== streamId ? ` (the row now claims stream ${line.columns.streamId})` : '';
      breaks.push({
        reason: 'leaf-mismatch',
        ...at,
        detail: `event ${streamId} v${line.streamVersion} (position ${line.position}, leaf ${line.leafIndex}) differs from what digest #${digest!.sequence} signed${moved}`,
      });
      return;
    }
    if (line.columns.streamId === streamId) anchoredVersions.push(BigInt(line.columns.streamVersion));
    // Found here from the proven bytes; whether the key is gone only the exporter could tell.
    const fields = personalDataFields(line.columns).length;
    personalFields += fields;
    if (line.personalData?.erased === true) erasedFields += fields;
  }

  function checkUnanchored(line: ExportUnanchored): void {
    const c = line.columns;
    if (compareCursors(c, digest!.lastCursor) <= 0) {
      breaks.push({
        reason: 'not-in-digest',
        streamId: c.streamId,
        streamVersion: c.streamVersion,
        position: c.position,
        detail: `event ${c.streamId} v${c.streamVersion} (position ${c.position}) sits before the end of digest #${digest!.sequence} in commit order but is not in it`,
      });
    } else {
      notes.push(`event ${c.streamId} v${c.streamVersion} (position ${c.position}) was committed after digest #${digest!.sequence}: not covered, check it against a later digest`);
    }
  }

  function checkConsistency(line: ExportConsistency): void {
    const from = bySequence.get(line.fromSequence);
    const to = bySequence.get(line.toSequence);
    if (!from || !to) {
      notes.push(`consistency proof #${line.fromSequence} → #${line.toSequence} not checked: digest not given`);
      return;
    }
    checked.consistencyProofs += 1;
    const proof = line.proof.map((p) => Buffer.from(p, 'hex'));
    if (!verifyConsistency(from.treeSize, to.treeSize, Buffer.from(from.rootHash, 'hex'), Buffer.from(to.rootHash, 'hex'), proof)) {
      breaks.push({
        reason: 'inconsistent-digests',
        digestSequence: to.sequence,
        detail: `digest #${to.sequence} (${to.treeSize} events) does not extend digest #${from.sequence} (${from.treeSize} events): the log was rewritten between them`,
      });
    }
  }

  // The stream's anchored events must be versions 1..n: a hole means an event the export does not show.
  anchoredVersions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  anchoredVersions.forEach((version, i) => {
    const expected = anchoredVersions[i - 1] === undefined ? 1n : anchoredVersions[i - 1]! + 1n;
    if (version !== expected && !breaks.some((b) => b.streamId === streamId && b.streamVersion === expected.toString())) {
      breaks.push({ reason: 'version-gap', streamId, streamVersion: expected.toString(), detail: `stream ${streamId} has no verified event at version ${expected}` });
    }
  });

  if (!trailer || trailer.events !== events || trailer.unanchored !== unanchored || trailer.consistencyProofs !== consistencyProofs) {
    breaks.push({ reason: 'export-truncated', streamId, detail: 'the export does not end with a trailer matching its lines: it was cut or edited' });
  }
  if (personalFields > 0) {
    notes.push(
      `${personalFields} field(s) of the proven events hold personal-data tokens (the proofs cover their ciphertext)` +
        (erasedFields > 0 ? `; ${erasedFields} of them belong to a subject the exporter reports erased (key destroyed: unreadable for good)` : ''),
    );
  }
  const consecutive = digests.filter((d) => d.sequence <= digest.sequence).length - 1;
  if (consistencyProofs < consecutive) notes.push(`${consecutive - consistencyProofs} pair(s) of consecutive digests have no consistency proof in the export`);

  return {
    ok: breaks.length === 0,
    checked,
    against: { sequence: digest.sequence, treeSize: digest.treeSize, rootHash: digest.rootHash },
    streamId,
    breaks,
    notes,
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected export line ${JSON.stringify(value)}`);
}

const HEX64 = /^[0-9a-f]{64}$/;
const isProof = (value: unknown): value is string[] => Array.isArray(value) && value.every((p) => typeof p === 'string' && HEX64.test(p));
// A forged row may carry any bigint position, negative too.
const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^-?[0-9]+$/.test(value);

/** One export line, shape-checked; null if it is not one. */
export function parseExportLine(text: string): ExportLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  switch (v['kind']) {
    case 'header': {
      const digest = parseDigest(JSON.stringify(v['digest']));
      return typeof v['streamId'] === 'string' && digest && v['formatVersion'] === 1 ? (value as ExportHeader) : null;
    }
    case 'event':
      return Number.isSafeInteger(v['leafIndex']) &&
        isDecimal(v['position']) &&
        isDecimal(v['streamVersion']) &&
        (v['columns'] === null || isLeafColumns(v['columns'])) &&
        isProof(v['proof'])
        ? (value as ExportEvent)
        : null;
    case 'unanchored':
      return isLeafColumns(v['columns']) && isDecimal(v['columns'].transactionId) && isDecimal(v['columns'].position) ? (value as ExportUnanchored) : null;
    case 'consistency':
      return Number.isSafeInteger(v['fromSequence']) && Number.isSafeInteger(v['toSequence']) && isProof(v['proof']) ? (value as ExportConsistency) : null;
    case 'trailer':
      return Number.isSafeInteger(v['events']) && Number.isSafeInteger(v['unanchored']) && Number.isSafeInteger(v['consistencyProofs']) ? (value as ExportTrailer) : null;
    default:
      return null;
  }
}

/** The report a person reads: what was checked, then each break. */
export function formatVerification(result: AuditVerification): string {
  const out: string[] = [];
  const c = result.checked;
  out.push(`digests: ${c.digests} read, ${c.signatures} signatures valid, ${c.chainLinks} chain links checked`);
  if (result.against) {
    out.push(`export of stream ${result.streamId} against digest #${result.against.sequence} (tree size ${result.against.treeSize}, root ${result.against.rootHash})`);
    out.push(`events: ${c.events} checked, ${c.inclusionProofs} inclusion proofs verified; consistency proofs: ${c.consistencyProofs} verified`);
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  for (const b of result.breaks) {
    const where = [
      b.streamId !== undefined ? `stream=${b.streamId}` : undefined,
      b.streamVersion !== undefined ? `version=${b.streamVersion}` : undefined,
      b.position !== undefined ? `position=${b.position}` : undefined,
      b.digestSequence !== undefined ? `digest=#${b.digestSequence}` : undefined,
    ].filter((x) => x !== undefined);
    out.push(`BREAK ${b.reason}${where.length > 0 ? ` ${where.join(' ')}` : ''}: ${b.detail}`);
  }
  out.push(result.ok ? 'OK: no break found' : `FAILED: ${result.breaks.length} break(s)`);
  return out.join('\n');
}
