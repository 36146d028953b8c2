import type { StoreTransaction } from '@collections/shared-event-store';
import type { DigestLedger } from './anchor';
import type { SignedDigest } from './digest';
import { compareCursors, type LeafColumns } from './leaf';
import { FileLeafLog, decodeLeafRecord, leafHashesOf, streamKeyOf } from './leaf-log';
import { readStreamLeaves } from './log-reader';
import { MerkleLevels } from './merkle';
import { personalDataFields } from './personal-data';

/**
 * The export of one stream, JSON lines, checked offline by `verifyAuditExport`:
 *   header        the stream and the signed digest the proofs are against
 *   event         per leaf of the stream in that digest: its columns as the database
 *                 holds them NOW (null when the row is gone) and its inclusion proof
 *   unanchored    a row of the stream that the digest does not cover
 *   consistency   per pair of consecutive digests up to the one used: the later tree extends the earlier
 *   trailer       counts, so a cut file is noticed
 */
export type ExportLine = ExportHeader | ExportEvent | ExportUnanchored | ExportConsistency | ExportTrailer;

export interface ExportHeader {
  readonly kind: 'header';
  readonly formatVersion: 1;
  readonly streamId: string;
  readonly exportedAt: string;
  readonly digest: SignedDigest;
}

export interface ExportEvent {
  readonly kind: 'event';
  readonly leafIndex: number;
  /** As recorded in the leaf log when the digest was made (the row may have moved since). */
  readonly position: string;
  readonly streamVersion: string;
  readonly columns: LeafColumns | null;
  readonly proof: readonly string[];
  /**
   * The fields holding personal-data tokens, and whether their subject's key was
   * destroyed (erasure) as the exporter found it (null: not asked). Not covered by the
   * proofs: the verifier finds the fields itself; `erased` is the exporter's word.
   */
  readonly personalData?: { readonly fields: readonly string[]; readonly erased: boolean | null };
}

export interface ExportUnanchored {
  readonly kind: 'unanchored';
  readonly columns: LeafColumns;
}

export interface ExportConsistency {
  readonly kind: 'consistency';
  readonly fromSequence: number;
  readonly toSequence: number;
  readonly proof: readonly string[];
}

export interface ExportTrailer {
  readonly kind: 'trailer';
  readonly events: number;
  readonly unanchored: number;
  readonly consistencyProofs: number;
}

export interface AuditExporterOptions {
  readonly db: StoreTransaction;
  readonly ledger: DigestLedger;
  readonly leafLog: FileLeafLog;
  readonly now?: () => Date;
  /**
   * Whether the personal data of an event's subject was erased (its key destroyed); the
   * service knows which subject a stream's tokens belong to, e.g.
   * `(c) => keyStore.getKey(debtorIdOf(c.streamId)).then((k) => k === 'erased')`.
   */
  readonly personalDataErased?: (columns: LeafColumns) => Promise<boolean>;
}

/** Builds exports and proofs from the database's rows and the publisher's leaf log and ledger. */
export class AuditExporter {
  constructor(private readonly options: AuditExporterOptions) {}

  /** The full history of a stream (a debtor, a debt) with proofs against a digest (default: the last one). */
  async exportStream(streamId: string, options: { digestSequence?: number } = {}): Promise<ExportLine[]> {
    const digests = await this.options.ledger.readAll();
    const digest = options.digestSequence === undefined ? digests[digests.length - 1] : digests.find((d) => d.sequence === options.digestSequence);
    if (!digest) throw new Error(options.digestSequence === undefined ? 'no digest has been published yet' : `no digest #${options.digestSequence}`);
    const treeSize = digest.treeSize;
    const records = await this.options.leafLog.read(treeSize);
    const levels = new MerkleLevels(leafHashesOf(records, treeSize));
    if (levels.root(treeSize).toString('hex') !== digest.rootHash) {
      throw new Error(`the leaf log does not give the root of digest #${digest.sequence}: proofs cannot be made from it`);
    }

    const key = streamKeyOf(streamId);
    const leafOfPosition = new Map<string, number>();
    const ofStream: number[] = [];
    for (let i = 0; i < treeSize; i++) {
      const record = decodeLeafRecord(records, i);
      leafOfPosition.set(record.position.toString(), i);
      if (record.streamKey.equals(key)) ofStream.push(i);
    }
    const positions = ofStream.map((i) => decodeLeafRecord(records, i).position.toString());
    const rows = await readStreamLeaves(this.options.db, streamId, positions);
    const rowAt = new Map(rows.map((r) => [r.position, r]));

    // The stream's leaves, and the leaves of any row that now claims this stream.
    const leaves = new Set(ofStream);
    const unanchored: ExportUnanchored[] = [];
    for (const row of rows) {
      const leaf = leafOfPosition.get(row.position);
      if (leaf !== undefined) leaves.add(leaf);
      else if (row.streamId === streamId) unanchored.push({ kind: 'unanchored', columns: row });
    }
    const events: ExportEvent[] = [];
    for (const leafIndex of [...leaves].sort((a, b) => a - b)) {
      const record = decodeLeafRecord(records, leafIndex);
      const columns = rowAt.get(record.position.toString()) ?? null;
      const fields = columns ? personalDataFields(columns) : [];
      const erased = fields.length > 0 && columns && this.options.personalDataErased ? await this.options.personalDataErased(columns) : null;
      events.push({
        kind: 'event',
        leafIndex,
        position: record.position.toString(),
        streamVersion: record.streamVersion.toString(),
        columns,
        proof: levels.inclusionProof(leafIndex, treeSize).map((p) => p.toString('hex')),
        ...(fields.length > 0 ? { personalData: { fields, erased } } : {}),
      });
    }
    unanchored.sort((a, b) => compareCursors(a.columns, b.columns));

    const consistency: ExportConsistency[] = [];
    const chain = digests.filter((d) => d.sequence <= digest.sequence);
    for (let i = 1; i < chain.length; i++) {
      const from = chain[i - 1]!;
      const to = chain[i]!;
      if (from.treeSize > to.treeSize || to.treeSize > treeSize) continue; // the verifier reports the shrink itself
      consistency.push({
        kind: 'consistency',
        fromSequence: from.sequence,
        toSequence: to.sequence,
        proof: levels.consistencyProof(from.treeSize, to.treeSize).map((p) => p.toString('hex')),
      });
    }

    return [
      { kind: 'header', formatVersion: 1, streamId, exportedAt: (this.options.now ?? (() => new Date()))().toISOString(), digest },
      ...events,
      ...unanchored,
      ...consistency,
      { kind: 'trailer', events: events.length, unanchored: unanchored.length, consistencyProofs: consistency.length },
    ];
  }
}

export function toJsonLines(lines: readonly ExportLine[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}
