import type { OpenTransaction, ReaderStall } from './reader-stall';

/**
 * The event store port. Everything a service, a projection, the Kafka relay or an
 * auditor needs from the log, independent of the engine underneath (PostgreSQL
 * server through node-postgres, or PGlite in-process for the embedded mode).
 */

/** What the caller expects of the stream before appending (optimistic concurrency). */
export type ExpectedVersion =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'exact'; readonly version: number };

export const ExpectedVersion = {
  any: { kind: 'any' } as ExpectedVersion,
  noStream: { kind: 'no_stream' } as ExpectedVersion,
  streamExists: { kind: 'stream_exists' } as ExpectedVersion,
  exact: (version: number): ExpectedVersion => {
    if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`expected version must be >= 0, got ${version}`);
    return { kind: 'exact', version };
  },
};

/** The envelope every event carries besides its data: why it happened, who caused it, and its trace. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** W3C trace context of the command that produced the event. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** Who caused it: a user id, an integration client, or `system:<component>`. */
  readonly actor?: string;
  readonly [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Unique id (UUID); a retried append with the same ids is a no-op. */
  readonly eventId: string;
  readonly type: Type;
  /** Schema version of `data` as written now; older versions are upcast on read. */
  readonly schemaVersion?: number;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  /** Schema version after upcasting (what `data` conforms to now). */
  readonly schemaVersion: number;
  /** Schema version the row was written with (never rewritten). */
  readonly storedSchemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamCategory: string;
  /** 1-based version of the event within its stream. */
  readonly streamVersion: number;
  /** Position in the global log (gaps are normal: rolled-back appends leave holes). */
  readonly globalPosition: bigint;
  /** PostgreSQL transaction id (xid8) of the append: the first half of the commit-order key. */
  readonly transactionId: bigint;
  readonly recordedAt: Date;
  /** Hash chain, hex: sha256(previous hash || canonical content). */
  readonly prevHash: string;
  readonly hash: string;
}

/** A place in the global log in commit order: (transaction id, position). */
export interface LogCursor {
  readonly transactionId: bigint;
  readonly position: bigint;
}

export const LOG_START: LogCursor = { transactionId: 0n, position: 0n };

export function compareCursors(a: LogCursor, b: LogCursor): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}

export function cursorOf(event: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): LogCursor {
  return { transactionId: event.transactionId, position: event.globalPosition };
}

export interface AppendOptions {
  readonly tenantId: string;
  readonly expectedVersion: ExpectedVersion;
  /** Append inside a transaction the caller controls (see `EventStore.transaction`). */
  readonly transaction?: StoreTransaction;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: number;
  readonly firstPosition: bigint;
  readonly lastPosition: bigint;
  /** True when every event id was already stored: the append was a retry and did nothing. */
  readonly alreadyAppended: boolean;
}

/** The auditor's "as of": by wall-clock instant, or by a place in the global log. */
export type AsOf = { readonly instant: Date } | { readonly position: bigint };

export interface ReadStreamOptions {
  readonly tenantId: string;
  readonly direction?: 'forwards' | 'backwards';
  /** Forwards: first version to return; backwards: the highest version to return. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
  readonly asOf?: AsOf;
  readonly transaction?: StoreTransaction;
}

export interface ReadStreamResult<E extends RecordedEvent = RecordedEvent> {
  readonly events: readonly E[];
  /** The stream's version as of the read (0 when it does not exist, or did not yet). */
  readonly currentVersion: number;
  readonly exists: boolean;
}

export interface ReadAllOptions {
  /** Read events strictly after this cursor, in commit order. */
  readonly after?: LogCursor;
  readonly tenantId?: string;
  /** Only streams of these categories (the part of the stream id before the first '-'). */
  readonly categories?: readonly string[];
  readonly maxCount?: number;
  readonly transaction?: StoreTransaction;
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /** Where the next read should start; equals `after` when nothing was read. */
  readonly cursor: LogCursor;
}

export interface SubscriptionContext {
  /** Present when the subscription is transactional: write through it and your writes commit with the checkpoint. */
  readonly transaction?: StoreTransaction;
}

export interface SubscribeOptions {
  /** Stable name; its checkpoint is stored under it. */
  readonly subscriptionId: string;
  readonly handle: (events: readonly RecordedEvent[], context: SubscriptionContext) => Promise<void>;
  readonly tenantId?: string;
  readonly categories?: readonly string[];
  readonly batchSize?: number;
  /** Handler writes and the checkpoint commit in one transaction (exactly-once projections). */
  readonly transactional?: boolean;
  /** Fallback poll interval; NOTIFY only wakes the loop early, it never carries data. */
  readonly pollIntervalMs?: number;
  /** Called on a handler failure before the batch is retried with backoff. */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Start from here when the subscription has no checkpoint yet (default: the beginning). */
  readonly startFrom?: LogCursor;
  /** Alert when committed events wait behind an open transaction this long (default 30 s). */
  readonly stallAlertAfterMs?: number;
  /** The alert (e.g. a log line through `describeStall`); see ReaderStallWatch. */
  readonly onStall?: (stall: ReaderStall) => void;
}

export interface Subscription {
  readonly subscriptionId: string;
  /** Resolves the first time the subscription has handled everything committed. */
  readonly caughtUp: Promise<void>;
  /**
   * Whether, at its last look at the log, the subscription had handled everything
   * committed (nothing readable left, nothing held back behind an open transaction).
   */
  isCaughtUp(): boolean;
  /**
   * Resolves once the subscription has handled every event committed before the call
   * (read-your-writes for a caller that just appended); rejects after `timeoutMs`
   * (default: never) or when the subscription stops first.
   */
  waitUntilCaughtUp(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** How long committed events have waited behind an open transaction (0 when none). */
  heldBackMs(): number;
  /** The last checkpoint stored. */
  position(): LogCursor;
  stop(): Promise<void>;
}

/** An event a reader could not apply and set aside, so that the events after it still flow. */
export interface ParkedEvent {
  readonly reader: string;
  readonly eventId: string;
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly cursor: LogCursor;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: Date;
}

export type ChainBreakReason =
  | 'hash-mismatch'
  | 'prev-hash-mismatch'
  | 'version-gap'
  | 'head-mismatch'
  | 'stream-missing';

export interface ChainBreak {
  readonly streamId: string;
  readonly tenantId: string;
  /** The version where the chain breaks (for a deleted tail: the version the stream claims). */
  readonly streamVersion: number;
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  /** The first break in each broken stream, ordered by stream id. */
  readonly breaks: readonly ChainBreak[];
}

export interface VerifyOptions {
  readonly tenantId?: string;
  readonly streamId?: string;
}

/** A database transaction the store hands out; adapters wrap their own client type. */
export interface StoreTransaction {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]>;
}

export interface EventStore {
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options: ReadStreamOptions): Promise<ReadStreamResult>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /**
   * Whether events committed after `after` exist that `readAll` does not return yet:
   * they wait behind a transaction still open somewhere on the server (transaction ids
   * are cluster-wide). "Caught up" means this is false.
   */
  hasCommittedEventsAfter(after: LogCursor, options?: Pick<ReadAllOptions, 'tenantId' | 'categories'>): Promise<boolean>;
  /** How many committed events lie after `after` (a reader's lag), counting at most `max`. */
  countEventsAfter(after: LogCursor, options: Pick<ReadAllOptions, 'tenantId' | 'categories'> & { readonly max: number }): Promise<number>;
  /**
   * The transactions open on the server with an id assigned, oldest first (at most 5):
   * the oldest is what holds every reader's horizon back. Needs pg_read_all_stats (or
   * superuser) to see other roles' sessions.
   */
  openTransactions(): Promise<OpenTransaction[]>;
  subscribe(options: SubscribeOptions): Subscription;
  /** Records that `reader` gave up on `event` after `attempts` tries (see ParkedEvent); idempotent. */
  parkEvent(reader: string, event: RecordedEvent, error: string, attempts: number, transaction?: StoreTransaction): Promise<void>;
  /** The events a reader parked, oldest first (all readers when omitted). */
  parkedEvents(reader?: string): Promise<ParkedEvent[]>;
  readCheckpoint(subscriptionId: string, transaction?: StoreTransaction): Promise<LogCursor | undefined>;
  storeCheckpoint(subscriptionId: string, cursor: LogCursor, transaction?: StoreTransaction): Promise<void>;
  verify(options?: VerifyOptions): Promise<VerificationReport>;
  /** Runs `work` in one database transaction; appends and checkpoints given it join it. */
  transaction<T>(work: (transaction: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The category of a stream: the part of its id before the first '-' (`debt-0192...` -> `debt`). */
export function streamCategoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash <= 0 ? streamId : streamId.slice(0, dash);
}
