import type { StoreTransaction } from '@collections/shared-event-store';
import type { DigestAnchor, DigestLedger } from './anchor';
import { canonicalDigestBytes, digestHashOf, type SignedDigest, type UnsignedDigest } from './digest';
import type { DigestSigningKey } from './key-provider';
import { CURSOR_START, leafHashOf, type CommitCursor } from './leaf';
import { FileLeafLog, LEAF_RECORD_BYTES, decodeLeafRecord, encodeLeafRecord, streamKeyOf } from './leaf-log';
import { readLeavesAfter } from './log-reader';
import { MerkleFrontier } from './merkle';

export interface AuditDigestPublisherOptions {
  /** The event store's database (e.g. `store.driver`): only read, with plain SELECTs. */
  readonly db: StoreTransaction;
  readonly signingKey: DigestSigningKey;
  /** Where the chain of digests is kept and read back at start (the file anchor). */
  readonly ledger: DigestLedger;
  readonly leafLog: FileLeafLog;
  /** Further anchors each digest goes to after the ledger (the Kafka topic). */
  readonly mirrors?: readonly DigestAnchor[];
  /** A digest every this many ms after `start()`; 0 publishes only on `publishNow()`. Default 5 minutes. */
  readonly intervalMs?: number;
  /** Rows read per query. Default 5,000. */
  readonly pageSize?: number;
  readonly now?: () => Date;
  /** A scheduled digest that failed (the next one tries again). Default: written to stderr. */
  readonly onError?: (error: unknown) => void;
}

/** The leaves in the leaf log do not give the root the last digest signed: the file was lost, cut or changed. */
export class LeafLogMismatchError extends Error {}

interface State {
  readonly frontier: MerkleFrontier;
  cursor: CommitCursor;
  last: SignedDigest | undefined;
}

/**
 * Computes, signs and anchors digests of the whole log in commit order: one Merkle tree
 * over every event ever appended (RFC 6962), extended from where the last digest ended,
 * so a digest costs the events since the previous one. The leaf hashes are computed here
 * from the raw column text (see `LeafColumns`); the private key is the signing port's.
 *
 * Run one publisher per event store (the chain has one head): e.g. in the process that
 * holds the relay's leadership. Not safe for two processes sharing one ledger file.
 */
export class AuditDigestPublisher {
  private state: State | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(private readonly options: AuditDigestPublisherOptions) {
    this.pageSize = options.pageSize ?? 5_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the chain (checking the leaf log against the last digest), then publishes at the interval. */
  async start(): Promise<void> {
    await this.serialised(() => this.load());
    const interval = this.options.intervalMs ?? 300_000;
    if (interval > 0 && !this.timer) {
      this.timer = setInterval(() => {
        this.publishNow().catch((error: unknown) => (this.options.onError ?? defaultOnError)(error));
      }, interval);
      this.timer.unref();
    }
  }

  /** Waits for a digest in progress; no further scheduled ones. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue.catch(() => undefined);
  }

  /** Digests every event committed so far, signs, anchors and returns the digest. */
  publishNow(): Promise<SignedDigest> {
    return this.serialised(async () => {
      try {
        return await this.publish(this.state ?? (await this.load()));
      } catch (error) {
        // Memory may now be ahead of what is anchored: start again from the files.
        this.state = undefined;
        throw error;
      }
    });
  }

  /** The last digest anchored, if any. */
  get lastDigest(): SignedDigest | undefined {
    return this.state?.last;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<State> {
    const digests = await this.options.ledger.readAll();
    const last = digests[digests.length - 1];
    const leafLog = this.options.leafLog;
    const frontier = new MerkleFrontier();
    if (last) {
      if (digestHashOf(last) !== last.digestHash) throw new LeafLogMismatchError(`the last digest in ${this.options.ledger.name} does not hash to its digestHash`);
      const have = await leafLog.count();
      if (have < last.treeSize) {
        throw new LeafLogMismatchError(`${leafLog.path} holds ${have} leaves, the last digest (#${last.sequence}) covers ${last.treeSize}`);
      }
      if (have > last.treeSize) await leafLog.truncateTo(last.treeSize);
      const records = await leafLog.read(last.treeSize);
      for (let i = 0; i < last.treeSize; i++) frontier.append(decodeLeafRecord(records, i).leafHash);
      if (frontier.root().toString('hex') !== last.rootHash) {
        throw new LeafLogMismatchError(`the leaves in ${leafLog.path} do not give the root of digest #${last.sequence}`);
      }
    } else if ((await leafLog.count()) > 0) {
      await leafLog.truncateTo(0);
    }
    this.state = { frontier, cursor: last?.lastCursor ?? CURSOR_START, last };
    return this.state;
  }

  private async publish(state: State): Promise<SignedDigest> {
    for (;;) {
      const page = await readLeavesAfter(this.options.db, state.cursor, this.pageSize);
      if (page.length === 0) break;
      const records = Buffer.alloc(page.length * LEAF_RECORD_BYTES);
      const streamKeys = new Map<string, Buffer>(); // a page holds many events of few streams
      page.forEach((columns, i) => {
        const hash = leafHashOf(columns);
        state.frontier.append(hash);
        encodeLeafRecord({
          leafHash: hash,
          position: BigInt(columns.position),
          streamVersion: BigInt(columns.streamVersion),
          streamKey: streamKeys.get(columns.streamId) ?? streamKeys.set(columns.streamId, streamKeyOf(columns.streamId)).get(columns.streamId)!,
        }).copy(records, i * LEAF_RECORD_BYTES);
      });
      const lastRow = page[page.length - 1]!;
      state.cursor = { transactionId: lastRow.transactionId, position: lastRow.position };
      await this.options.leafLog.append(records);
      if (page.length < this.pageSize) break;
    }

    const unsigned: UnsignedDigest = {
      kind: 'collections.audit.digest',
      formatVersion: 1,
      sequence: (state.last?.sequence ?? 0) + 1,
      treeSize: state.frontier.size,
      rootHash: state.frontier.root().toString('hex'),
      lastCursor: state.cursor,
      previousDigestHash: state.last?.digestHash ?? null,
      issuedAt: this.now().toISOString(),
      keyId: this.options.signingKey.keyId,
    };
    const signature = await this.options.signingKey.sign(canonicalDigestBytes(unsigned));
    const digest: SignedDigest = { ...unsigned, signature: signature.toString('base64'), digestHash: digestHashOf(unsigned) };
    await this.options.ledger.append(digest);
    state.last = digest;
    // The ledger holds it: the chain has moved on even if a mirror fails now (reported, not retried).
    const failures: unknown[] = [];
    for (const mirror of this.options.mirrors ?? []) {
      try {
        await mirror.append(digest);
      } catch (error) {
        failures.push(new Error(`digest #${digest.sequence} not written to ${mirror.name}: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    for (const failure of failures) (this.options.onError ?? defaultOnError)(failure);
    return digest;
  }
}

function defaultOnError(error: unknown): void {
  process.stderr.write(`audit digest: ${error instanceof Error ? error.message : String(error)}\n`);
}
