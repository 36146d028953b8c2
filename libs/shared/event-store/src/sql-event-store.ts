import {
  LOG_START,
  cursorOf,
  streamCategoryOf,
  type AppendOptions,
  type AppendResult,
  type ChainBreak,
  type ChainBreakReason,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type LogCursor,
  type ParkedEvent,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type StoreTransaction,
  type SubscribeOptions,
  type Subscription,
  type VerificationReport,
  type VerifyOptions,
} from './event-store.port';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  StreamHeadRaceLostError,
  StreamOrderConflictError,
  isRetryableInNewTransaction,
  StreamTenantMismatchError,
  WrongExpectedVersionError,
} from './errors';
import { runMigrations } from './migrations';
import type { OpenTransaction } from './reader-stall';
import { isSqlError, type SqlDriver, type SqlTransaction } from './sql-driver';
import { startSubscription } from './subscription';
import { UpcasterRegistry, type Upcaster } from './upcasting';

export interface SqlEventStoreOptions {
  readonly upcasters?: readonly Upcaster[];
  /** NOTIFY subscribers on append (a wake-up only; they poll as well). Default true. */
  readonly notify?: boolean;
  /** Run the schema migrations when the store is opened. Default true. */
  readonly migrate?: boolean;
}

const NOTIFY_CHANNEL = 'es_events';
const NOTIFY_COALESCE_MS = 5;
const MAX_APPEND_ATTEMPTS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The head moved between the read and the update of the single-event statement: read again. */
class HeadMovedError extends Error {
  constructor(streamId: string) {
    super(`stream ${streamId} moved during the append`);
  }
}

/** One event through es_append_one (migration 2); see appendSingle. */
const APPEND_SINGLE_SQL = `
SELECT out_tenant AS tenant, out_version::text AS version, out_dup AS dup, out_position::text AS position,
       out_appended_version::text AS appended_version, out_order_conflict AS order_conflict
  FROM es_append_one($1, $2, $3, $4, $5, $6::uuid, $7, $8::integer, $9::jsonb, $10::jsonb)`;

// recorded_at as epoch milliseconds: the driver's timestamptz parser (a regular expression
// per row) was the largest single cost of reading the log after the row decoding itself.
const EVENT_COLUMNS = `
  position::text AS position, transaction_id::text AS transaction_id, tenant_id, stream_id, stream_category,
  stream_version::text AS stream_version, event_id::text AS event_id, event_type, schema_version, data, metadata,
  floor(extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_at_ms, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

interface EventRow {
  position: string;
  transaction_id: string;
  tenant_id: string;
  stream_id: string;
  stream_category: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at_ms: number;
  prev_hash: string;
  hash: string;
}

/**
 * The event store on PostgreSQL SQL, shared by the node-postgres and PGlite adapters.
 * docs/event-store.md says which order the log gives and what its readers may rely on.
 */
export class SqlEventStore implements EventStore {
  private readonly upcasters: UpcasterRegistry;
  private readonly notify: boolean;
  private notifyPending = false;

  private constructor(
    readonly driver: SqlDriver,
    options: SqlEventStoreOptions,
  ) {
    this.upcasters = new UpcasterRegistry(options.upcasters);
    this.notify = options.notify ?? true;
  }

  static async open(driver: SqlDriver, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    if (options.migrate ?? true) await runMigrations(driver);
    return new SqlEventStore(driver, options);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options.tenantId);
    const stored = events.map(normalized);
    const executor = options.transaction ?? this.driver;
    const single = stored.length === 1 ? stored[0] : undefined;
    // es_append's payload; the single-event path only needs it for a retried event id
    let payload: string | undefined;
    const viaEsAppend = () => this.appendOnce(executor, streamId, (payload ??= JSON.stringify(stored)), options);
    // A lost race on the stream head (EVS05, or the single-event statement finding the
    // head moved) is retried here with a fresh read: it then ends as a success, an
    // idempotent no-op or a WrongExpectedVersionError. Inside a caller's transaction
    // the caller decides: no retry (an order conflict there is the caller's to retry,
    // in a new transaction).
    for (let attempt = 1; ; attempt++) {
      try {
        return single ? ((await this.appendSingle(executor, streamId, single, options)) ?? (await viaEsAppend())) : await viaEsAppend();
      } catch (error) {
        const raceLost =
          error instanceof HeadMovedError ||
          (isSqlError(error) && (error.code === 'EVS05' || (error.code === '23505' && /es_events_stream_version_key/.test(error.message))));
        const orderConflict = error instanceof StreamOrderConflictError || (isSqlError(error) && error.code === 'EVS06');
        if ((raceLost || orderConflict) && !options.transaction && attempt < MAX_APPEND_ATTEMPTS) continue;
        const kind = options.expectedVersion.kind;
        if (raceLost && options.transaction && (kind === 'any' || kind === 'stream_exists')) throw new StreamHeadRaceLostError(streamId);
        if (raceLost) throw new WrongExpectedVersionError(streamId, describeExpected(options.expectedVersion), Number.NaN);
        throw translateAppendError(error, streamId, options);
      }
    }
  }

  /**
   * The common case, one event, through es_append_one (one statement, about 2.5x the
   * appends per second of es_append in the server): the same checks, hash chain and
   * head move, but a refusal comes back as a row rather than an exception. Returns
   * undefined when the event id is stored already: es_append then answers the retry
   * (the first result, or an IdempotencyConflictError).
   */
  private async appendSingle(
    executor: StoreTransaction,
    streamId: string,
    event: ReturnType<typeof normalized>,
    options: AppendOptions,
  ): Promise<AppendResult | undefined> {
    const expected = options.expectedVersion;
    type Row = { tenant: string | null; version: string; dup: boolean; position: string | null; appended_version: string | null; order_conflict: boolean };
    const params = [
      options.tenantId,
      streamId,
      streamCategoryOf(streamId),
      expected.kind,
      expected.kind === 'exact' ? expected.version : null,
      event.eventId,
      event.type,
      event.schemaVersion,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    ];
    const [row] =
      executor === this.driver ? await this.driver.queryPrepared<Row>('es_append_one', APPEND_SINGLE_SQL, params) : await executor.query<Row>(APPEND_SINGLE_SQL, params);
    if (!row) throw new Error('the append statement returned no row');
    if (row.position !== null && row.appended_version !== null) {
      if (!options.transaction) this.wakeSubscribers();
      const position = BigInt(row.position);
      return { streamId, nextExpectedVersion: Number(row.appended_version), firstPosition: position, lastPosition: position, alreadyAppended: false };
    }
    if (row.tenant !== null && row.tenant !== options.tenantId) throw new StreamTenantMismatchError(streamId);
    if (row.dup) return undefined;
    if (row.order_conflict) throw new StreamOrderConflictError(streamId);
    const version = Number(row.version);
    const refused =
      (expected.kind === 'no_stream' && version !== 0) || (expected.kind === 'stream_exists' && version === 0) || (expected.kind === 'exact' && version !== expected.version);
    if (refused) throw new WrongExpectedVersionError(streamId, describeExpected(expected), version);
    throw new HeadMovedError(streamId);
  }

  /**
   * Appends to many streams in ONE statement (one round trip): `es_append` per stream,
   * in the given order, inside the caller's transaction or its own. All or nothing: a
   * concurrency or idempotency conflict on any stream fails the whole call with the
   * same errors as appendToStream (no retry here: the caller falls back stream by stream).
   *
   * The one exception is the log's order: the statement takes its transaction id at its
   * first stream, so a younger transaction may have committed a later stream's head in
   * the meantime (StreamOrderConflictError). In its own transaction the call is simply
   * run again, as a new and younger transaction; in the caller's, it is the caller's.
   */
  async appendToStreams(
    appends: readonly { streamId: string; events: readonly NewEvent[]; expectedVersion: ExpectedVersion }[],
    options: { tenantId: string; transaction?: StoreTransaction },
  ): Promise<AppendResult[]> {
    if (appends.length === 0) return [];
    for (const a of appends) validateAppend(a.streamId, a.events, options.tenantId);
    const payload = JSON.stringify(
      appends.map((a, i) => ({
        ord: i,
        stream_id: a.streamId,
        category: streamCategoryOf(a.streamId),
        expected_kind: a.expectedVersion.kind,
        expected_version: a.expectedVersion.kind === 'exact' ? a.expectedVersion.version : null,
        events: a.events.map(normalized),
      })),
    );
    const batch = { ...options, streams: appends.length, firstStreamId: appends[0]!.streamId };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendManyOnce(payload, batch);
      } catch (error) {
        // In its own transaction everything the statement did is rolled back: an order
        // conflict, a lost head race (EVS05: for 'any' that is not a conflict at all, for
        // an exact version the retry finds the real answer) or a deadlock between two
        // batches that lock shared heads in different orders is simply run again.
        const retryable =
          error instanceof StreamOrderConflictError || (isSqlError(error) && (error.code === 'EVS05' || error.code === '40P01'));
        if (retryable && !options.transaction && attempt < MAX_APPEND_ATTEMPTS) continue;
        if (options.transaction && isSqlError(error) && error.code === 'EVS05' && appends.every((a) => a.expectedVersion.kind === 'any' || a.expectedVersion.kind === 'stream_exists')) {
          throw new StreamHeadRaceLostError(batch.streams === 1 ? batch.firstStreamId : `${batch.streams} streams`);
        }
        throw error;
      }
    }
  }

  private async appendManyOnce(payload: string, options: { tenantId: string; transaction?: StoreTransaction; streams: number; firstStreamId: string }): Promise<AppendResult[]> {
    try {
      const rows = await (options.transaction ?? this.driver).query<{ stream_id: string; next_version: string; first_position: string; last_position: string; already_appended: boolean }>(
        `SELECT r.stream_id, a.next_version::text, a.first_position::text, a.last_position::text, a.already_appended
           FROM jsonb_to_recordset($2::jsonb) AS r(ord int, stream_id text, category text, expected_kind text, expected_version bigint, events jsonb)
          CROSS JOIN LATERAL es_append($1, r.stream_id, r.category, r.expected_kind, r.expected_version, r.events) AS a
          ORDER BY r.ord`,
        [options.tenantId, payload],
      );
      if (!options.transaction) this.wakeSubscribers();
      return rows.map((row) => ({
        streamId: row.stream_id,
        nextExpectedVersion: Number(row.next_version),
        firstPosition: BigInt(row.first_position),
        lastPosition: BigInt(row.last_position),
        alreadyAppended: row.already_appended,
      }));
    } catch (error) {
      throw translateAppendError(error, options.streams === 1 ? options.firstStreamId : `${options.streams} streams`, { tenantId: options.tenantId, expectedVersion: { kind: 'any' } });
    }
  }

  private async appendOnce(
    executor: StoreTransaction,
    streamId: string,
    payload: string,
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = options.expectedVersion;
    const [row] = await executor.query<{ next_version: string; first_position: string; last_position: string; already_appended: boolean }>(
      `SELECT next_version::text, first_position::text, last_position::text, already_appended
         FROM es_append($1, $2, $3, $4, $5, $6::jsonb)`,
      [options.tenantId, streamId, streamCategoryOf(streamId), expected.kind, expected.kind === 'exact' ? expected.version : null, payload],
    );
    if (!row) throw new Error('es_append returned no row');
    // Inside a caller's transaction the events are not visible until it commits:
    // subscribers find them by polling; the wake-up goes with the next append.
    if (!options.transaction && !row.already_appended) this.wakeSubscribers();
    return {
      streamId,
      nextExpectedVersion: Number(row.next_version),
      firstPosition: BigInt(row.first_position),
      lastPosition: BigInt(row.last_position),
      alreadyAppended: row.already_appended,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions): Promise<ReadStreamResult> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId, options.tenantId];
    const conditions = ['stream_id = $1', 'tenant_id = $2'];
    const asOfConditions: string[] = [];
    if (options.asOf) {
      if ('instant' in options.asOf) {
        params.push(options.asOf.instant.toISOString());
        asOfConditions.push(`recorded_at <= $${params.length}::timestamptz`);
      } else {
        // The log as a commit-order reader had it when it reached this position:
        // everything at or before that event's (transaction id, position) cursor.
        const cursor = await this.cursorAtPosition(options.asOf.position, options.transaction);
        params.push(cursor.transactionId.toString(), cursor.position.toString());
        asOfConditions.push(`(transaction_id, position) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`);
      }
    }
    conditions.push(...asOfConditions);
    const asOfParamCount = params.length - 2;
    const executor = options.transaction ?? this.driver;
    const pageConditions = [...conditions];
    if (options.fromVersion !== undefined) {
      params.push(options.fromVersion);
      pageConditions.push(`stream_version ${backwards ? '<=' : '>='} $${params.length}`);
    }
    let sql = `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${pageConditions.join(' AND ')}
               ORDER BY es_events.stream_version ${backwards ? 'DESC' : 'ASC'}`;
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      sql += ` LIMIT $${params.length}`;
    }
    const rows = await executor.query<EventRow>(sql, params);
    const events = rows.map((row) => this.toRecorded(row));
    const wholeStream = options.fromVersion === undefined && options.maxCount === undefined;
    let currentVersion: number;
    if (wholeStream) {
      currentVersion = events.reduce((max, e) => Math.max(max, e.streamVersion), 0);
    } else {
      const head = await executor.query<{ version: string | null }>(
        `SELECT max(stream_version)::text AS version FROM es_events WHERE ${conditions.join(' AND ')}`,
        params.slice(0, 2 + asOfParamCount),
      );
      currentVersion = Number(head[0]?.version ?? 0);
    }
    return { events, currentVersion, exists: currentVersion > 0 };
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? LOG_START;
    const { conditions, params } = logAfter(after, options);
    // Both halves in ONE statement, so the horizon and the rows come from the same
    // snapshot (marten#4952). Rows of transactions still running at or above the
    // horizon are left for the next read, so a late commit is never skipped.
    conditions.push('transaction_id < pg_snapshot_xmin(pg_current_snapshot())');
    params.push(options.maxCount ?? 1000);
    const rows = await (options.transaction ?? this.driver).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${conditions.join(' AND ')}
        ORDER BY es_events.transaction_id, es_events.position LIMIT $${params.length}`,
      params,
    );
    const events = rows.map((row) => this.toRecorded(row));
    const last = events[events.length - 1];
    return { events, cursor: last ? cursorOf(last) : after };
  }

  /**
   * Several whole streams of one tenant in ONE query (a batch's "read each stream"): every
   * stream asked for is in the answer, with no events when it does not exist (or is
   * another tenant's: like every read, filtered by tenant). Events in stream order.
   */
  async readStreams(streamIds: readonly string[], options: { readonly tenantId: string; readonly transaction?: StoreTransaction }): Promise<Map<string, RecordedEvent[]>> {
    const result = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return result;
    const rows = await (options.transaction ?? this.driver).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE tenant_id = $1 AND stream_id = ANY ($2::text[]) ORDER BY stream_id, stream_version`,
      [options.tenantId, [...new Set(streamIds)]],
    );
    for (const row of rows) result.get(row.stream_id)?.push(this.toRecorded(row));
    return result;
  }

  /**
   * Which of these streams exist for this tenant (have a head), in one query: a bulk
   * writer's "are they new?". Like every read, filtered by tenant: another tenant's
   * stream is not reported (appending to it is refused with StreamTenantMismatchError).
   */
  async existingStreams(streamIds: readonly string[], options: { readonly tenantId: string; readonly transaction?: StoreTransaction }): Promise<Set<string>> {
    if (streamIds.length === 0) return new Set();
    const rows = await (options.transaction ?? this.driver).query<{ stream_id: string }>(
      `SELECT stream_id FROM es_streams WHERE tenant_id = $1 AND stream_id = ANY ($2::text[])`,
      [options.tenantId, streamIds],
    );
    return new Set(rows.map((r) => r.stream_id));
  }

  async hasCommittedEventsAfter(after: LogCursor, options: Pick<ReadAllOptions, 'tenantId' | 'categories'> = {}): Promise<boolean> {
    return (await this.countEventsAfter(after, { ...options, max: 1 })) > 0;
  }

  async countEventsAfter(after: LogCursor, options: Pick<ReadAllOptions, 'tenantId' | 'categories'> & { readonly max: number }): Promise<number> {
    const { conditions, params } = logAfter(after, options);
    // bounded: a reader far behind costs one capped index range scan, not a count of the log
    const [row] = await this.driver.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM es_events WHERE ${conditions.join(' AND ')} LIMIT $${params.push(options.max)}) AS behind`,
      params,
    );
    return Number(row?.n ?? 0);
  }

  async openTransactions(): Promise<OpenTransaction[]> {
    const rows = await this.driver.query<{ pid: number | null; database: string | null; xid: string; age_ms: number | null; state: string | null; application_name: string | null }>(
      `SELECT pid, datname AS database, backend_xid::text AS xid, age(backend_xid) AS xid_age,
              floor(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS age_ms, state, application_name
         FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
       UNION ALL
       SELECT NULL, database, transaction::text, age(transaction),
              floor(extract(epoch FROM clock_timestamp() - prepared) * 1000)::float8, 'prepared', gid
         FROM pg_prepared_xacts
       ORDER BY xid_age DESC
       LIMIT 5`,
    );
    return rows.map((r) => ({
      pid: r.pid === null ? null : Number(r.pid),
      database: r.database,
      transactionId: r.xid,
      ageMs: Number(r.age_ms ?? 0),
      state: r.state,
      applicationName: r.application_name || null,
    }));
  }

  /** The cursor of the event at `position`, or of the last event before it (positions have holes). */
  async cursorAtPosition(position: bigint, transaction?: StoreTransaction): Promise<LogCursor> {
    const [row] = await (transaction ?? this.driver).query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, position::text FROM es_events
        WHERE position <= $1::bigint ORDER BY es_events.position DESC LIMIT 1`,
      [position.toString()],
    );
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : LOG_START;
  }

  subscribe(options: SubscribeOptions): Subscription {
    return startSubscription(this, options, (onNotify) => this.driver.listen(NOTIFY_CHANNEL, onNotify));
  }

  async parkEvent(reader: string, event: RecordedEvent, error: string, attempts: number, transaction?: StoreTransaction): Promise<void> {
    await (transaction ?? this.driver).query(
      `INSERT INTO es_parked_events (reader, event_id, tenant_id, stream_id, stream_version, event_type, transaction_id, position, error, attempts)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7::xid8, $8::bigint, $9, $10)
       ON CONFLICT (reader, event_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now()`,
      // an error text is ours, but may quote input: keep it short and free of NUL (text refuses it)
      [reader, event.eventId, event.tenantId, event.streamId, event.streamVersion, event.type, event.transactionId.toString(), event.globalPosition.toString(),
        error.replaceAll('\u0000', '').slice(0, 2000), attempts],
    );
  }

  async parkedEvents(reader?: string): Promise<ParkedEvent[]> {
    const rows = await this.driver.query<{ reader: string; event_id: string; tenant_id: string; stream_id: string; stream_version: string; event_type: string; transaction_id: string; position: string; error: string; attempts: number; parked_at_ms: number }>(
      `SELECT reader, event_id::text, tenant_id, stream_id, stream_version::text, event_type, transaction_id::text, position::text, error, attempts,
              floor(extract(epoch FROM parked_at) * 1000)::float8 AS parked_at_ms
         FROM es_parked_events WHERE ($1::text IS NULL OR reader = $1) ORDER BY transaction_id, position`,
      [reader ?? null],
    );
    return rows.map((r) => ({
      reader: r.reader,
      eventId: r.event_id,
      tenantId: r.tenant_id,
      streamId: r.stream_id,
      streamVersion: Number(r.stream_version),
      type: r.event_type,
      cursor: { transactionId: BigInt(r.transaction_id), position: BigInt(r.position) },
      error: r.error,
      attempts: Number(r.attempts),
      parkedAt: new Date(Number(r.parked_at_ms)),
    }));
  }

  async readCheckpoint(subscriptionId: string, transaction?: StoreTransaction): Promise<LogCursor | undefined> {
    const [row] = await (transaction ?? this.driver).query<{ transaction_id: string; position: string }>(
      'SELECT transaction_id::text, position::text FROM es_checkpoints WHERE subscription_id = $1',
      [subscriptionId],
    );
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : undefined;
  }

  async storeCheckpoint(subscriptionId: string, cursor: LogCursor, transaction?: StoreTransaction): Promise<void> {
    await (transaction ?? this.driver).query(
      `INSERT INTO es_checkpoints (subscription_id, transaction_id, position, updated_at)
       VALUES ($1, $2::xid8, $3::bigint, now())
       ON CONFLICT (subscription_id) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`,
      [subscriptionId, cursor.transactionId.toString(), cursor.position.toString()],
    );
  }

  async verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    const params = [options.tenantId ?? null, options.streamId ?? null];
    const chain = await this.driver.query<{
      stream_id: string;
      tenant_id: string;
      stream_version: string;
      reason: ChainBreakReason;
      detail: string;
    }>(
      `WITH chain AS (
         SELECT e.stream_id, e.tenant_id, e.stream_version, e.prev_hash, e.hash,
                es_event_hash(e.prev_hash, e.event_id, e.tenant_id, e.stream_id, e.stream_version, e.event_type,
                              e.schema_version, e.data, e.metadata, e.recorded_at) AS computed,
                lag(e.hash) OVER w AS previous_hash,
                lag(e.stream_version) OVER w AS previous_version
           FROM es_events e
          WHERE ($1::text IS NULL OR e.tenant_id = $1) AND ($2::text IS NULL OR e.stream_id = $2)
         WINDOW w AS (PARTITION BY e.stream_id ORDER BY e.stream_version)
       )
       SELECT stream_id, tenant_id, stream_version::text,
              CASE WHEN stream_version <> coalesce(previous_version, 0) + 1 THEN 'version-gap'
                   WHEN hash <> computed THEN 'hash-mismatch'
                   ELSE 'prev-hash-mismatch' END AS reason,
              CASE WHEN stream_version <> coalesce(previous_version, 0) + 1
                     THEN format('version %s follows version %s', stream_version, coalesce(previous_version, 0))
                   WHEN hash <> computed THEN 'stored hash does not match the event content'
                   ELSE 'previous hash does not match the hash of the event before' END AS detail
         FROM chain
        WHERE stream_version <> coalesce(previous_version, 0) + 1
           OR hash <> computed
           OR prev_hash <> coalesce(previous_hash, '\\x${'00'.repeat(32)}'::bytea)
       UNION ALL
       -- A deleted tail or an event added past the head: the break is the first
       -- version past what the head and the log agree on.
       SELECT s.stream_id, s.tenant_id,
              (CASE WHEN h.stream_version = s.version THEN s.version
                    ELSE least(s.version, coalesce(h.stream_version, 0)) + 1 END)::text,
              'head-mismatch',
              format('stream head says version %s, the log ends at %s', s.version, coalesce(h.stream_version, 0))
         FROM es_streams s
         LEFT JOIN LATERAL (
           SELECT e.stream_version, e.hash FROM es_events e
            WHERE e.stream_id = s.stream_id ORDER BY e.stream_version DESC LIMIT 1) h ON true
        WHERE ($1::text IS NULL OR s.tenant_id = $1) AND ($2::text IS NULL OR s.stream_id = $2)
          AND (h.stream_version IS DISTINCT FROM s.version OR h.hash IS DISTINCT FROM s.last_hash)
       UNION ALL
       SELECT e.stream_id, e.tenant_id, min(e.stream_version)::text, 'stream-missing',
              'events exist for a stream the store never created'
         FROM es_events e
        WHERE ($1::text IS NULL OR e.tenant_id = $1) AND ($2::text IS NULL OR e.stream_id = $2)
          AND NOT EXISTS (SELECT 1 FROM es_streams s WHERE s.stream_id = e.stream_id)
        GROUP BY e.stream_id, e.tenant_id`,
      params,
    );
    const counts = await this.driver.query<{ events: string; streams: string }>(
      `SELECT count(*)::text AS events, count(DISTINCT stream_id)::text AS streams FROM es_events
        WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR stream_id = $2)`,
      params,
    );
    const firstByStream = new Map<string, ChainBreak>();
    for (const row of chain) {
      const candidate: ChainBreak = {
        streamId: row.stream_id,
        tenantId: row.tenant_id,
        streamVersion: Number(row.stream_version),
        reason: row.reason,
        detail: row.detail,
      };
      const seen = firstByStream.get(row.stream_id);
      // A stream the store never created is forged as a whole: that is the finding.
      if (!seen || seen.reason !== 'stream-missing' && (candidate.reason === 'stream-missing' || candidate.streamVersion < seen.streamVersion)) {
        firstByStream.set(row.stream_id, candidate);
      }
    }
    const breaks = [...firstByStream.values()].sort((a, b) => a.streamId.localeCompare(b.streamId));
    return {
      ok: breaks.length === 0,
      eventsChecked: Number(counts[0]?.events ?? 0),
      streamsChecked: Number(counts[0]?.streams ?? 0),
      breaks,
    };
  }

  transaction<T>(work: (transaction: StoreTransaction) => Promise<T>): Promise<T> {
    return transactionKeepingLogOrder(this.driver, work);
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  /**
   * NOTIFY, outside the append's transaction (after its commit), at most one per
   * `notifyCoalesceMs`: a wake-up for subscribers in any process, never data.
   */
  private wakeSubscribers(): void {
    if (!this.notify || this.notifyPending) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.driver.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
    }, NOTIFY_COALESCE_MS).unref?.();
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const upcast = this.upcasters.upcast(row.event_type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: upcast.schemaVersion,
      storedSchemaVersion: row.schema_version,
      data: upcast.data,
      metadata: row.metadata,
      tenantId: row.tenant_id,
      streamId: row.stream_id,
      streamCategory: row.stream_category,
      streamVersion: Number(row.stream_version),
      globalPosition: BigInt(row.position),
      transactionId: BigInt(row.transaction_id),
      recordedAt: new Date(Number(row.recorded_at_ms)),
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  }
}

function validateAppend(streamId: string, events: readonly NewEvent[], tenantId: string): void {
  if (!streamId || streamId.length > 200) throw new InvalidAppendError('stream id must be 1-200 characters');
  if (!tenantId) throw new InvalidAppendError('tenant id is required');
  if (events.length === 0) throw new InvalidAppendError(`nothing to append to ${streamId}`);
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new InvalidAppendError(`event id ${event.eventId} is not a UUID`);
    const id = event.eventId.toLowerCase();
    if (ids.has(id)) throw new InvalidAppendError(`event id ${event.eventId} appears twice in one append`);
    ids.add(id);
    if (!event.type) throw new InvalidAppendError('event type is required');
    if (event.schemaVersion !== undefined && (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1)) {
      throw new InvalidAppendError(`schema version of ${event.type} must be an integer >= 1`);
    }
  }
}

/**
 * The events after a cursor in commit order, by tenant and categories: the WHERE
 * conditions and their parameters ($1, $2 the cursor), for the callers to extend.
 */
function logAfter(after: LogCursor, options: Pick<ReadAllOptions, 'tenantId' | 'categories'>): { conditions: string[]; params: unknown[] } {
  const params: unknown[] = [after.transactionId.toString(), after.position.toString()];
  const conditions = ['(transaction_id, position) > ($1::xid8, $2::bigint)'];
  if (options.tenantId !== undefined) conditions.push(`tenant_id = $${params.push(options.tenantId)}`);
  if (options.categories !== undefined) {
    // A plain IN list: a subquery here led the planner away from the commit-order
    // index into a scan of the whole log on every read.
    if (options.categories.length === 0) conditions.push('false');
    else conditions.push(`stream_category IN (${options.categories.map((c) => `$${params.push(c)}`).join(', ')})`);
  }
  return { conditions, params };
}

/** An event as es_append and es_append_one take it (ids lower case, defaults filled). */
function normalized(e: NewEvent): { eventId: string; type: string; schemaVersion: number; data: unknown; metadata: unknown } {
  return { eventId: e.eventId.toLowerCase(), type: e.type, schemaVersion: e.schemaVersion ?? 1, data: e.data, metadata: e.metadata ?? {} };
}

function describeExpected(expected: ExpectedVersion): string {
  return expected.kind === 'exact' ? String(expected.version) : expected.kind;
}

function translateAppendError(error: unknown, streamId: string, options: AppendOptions): unknown {
  if (!isSqlError(error)) return error;
  switch (error.code) {
    case 'EVS01':
      return new WrongExpectedVersionError(streamId, describeExpected(options.expectedVersion), Number(error.detail ?? Number.NaN));
    case 'EVS02':
      return new IdempotencyConflictError(streamId, error.message);
    case 'EVS03':
      return new StreamTenantMismatchError(streamId);
    case 'EVS06':
      return new StreamOrderConflictError(streamId);
    case '23505':
      // The unique index on event ids: some (not the first) of the ids are stored already.
      return new IdempotencyConflictError(streamId, `an event id of this append is already stored (${error.message})`);
    default:
      return error;
  }
}

/** How often a transaction refused for the log's order is run again before the error reaches the caller. */
export const ORDER_CONFLICT_ATTEMPTS = 30;

/**
 * Runs `work` in a transaction of `driver`, and runs it again, in a new transaction,
 * when an append inside it was refused for the log's order (StreamOrderConflictError:
 * the transaction is older than the one that last wrote a stream it appends to) or lost
 * a race on a head it had no expectation of (StreamHeadRaceLostError), or was chosen as
 * the victim of a deadlock (or a serialization failure). Like a
 * serialization failure, the refusal rolls back everything the transaction did, so
 * `work` must have no effect outside the database (or one that may happen twice).
 */
export async function transactionKeepingLogOrder<T>(
  driver: Pick<SqlDriver, 'transaction'>,
  work: (transaction: SqlTransaction) => Promise<T>,
  attempts = ORDER_CONFLICT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await driver.transaction(work);
    } catch (error) {
      // A deadlock between two transactions that lock stream heads in different orders
      // has rolled this one back whole: like a refusal for order, it is run again.
      const deadlocked = isSqlError(error) && (error.code === '40P01' || error.code === '40001');
      if (!(isRetryableInNewTransaction(error) || deadlocked) || attempt >= attempts) throw error;
      // a short, growing, jittered pause: the younger writer of a hot stream gets to finish
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)));
    }
  }
}
